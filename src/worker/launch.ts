// Not part of the worker: test/webview/recordScan.ts (under rework for issue 16) still imports the
// launcher from here. It lives in src/host; delete this file once that import points there.
export { launchScan } from '../host/launch';
