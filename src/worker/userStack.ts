// Where the user's code is on the current call stack: V8's structured call sites, filtered to
// the user's bundle and mapped back to the user's files.

import type { SourceFrame, SourceRange } from '../shared/protocol';
import type { SourceLocator } from './sourceLocator';

const MAX_CALLERS = 8;

export interface UserStack {
  /** The innermost user frame: e.g. the layer constructor call. */
  site: SourceRange;
  /** The outer user frames, innermost first, each named by the function called there. */
  callers: SourceFrame[];
}

function callSites(): NodeJS.CallSite[] {
  const { prepareStackTrace, stackTraceLimit } = Error;
  Error.stackTraceLimit = 64;
  Error.prepareStackTrace = (_error, sites) => sites;
  try {
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callSites);
    return holder.stack as NodeJS.CallSite[];
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The user frames of the current stack, or null when no user code is on it. */
export function captureUserStack(locator: SourceLocator, bundleFile: string): UserStack | null {
  const frames: { range: SourceRange; calledFunction: string | undefined }[] = [];
  let calledFunction: string | undefined;
  for (const site of callSites()) {
    const file = site.getFileName();
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    const at = file === bundleFile && line !== null && column !== null ? locator.original(line, column) : null;
    if (at) frames.push({ range: locator.rangeAt(at), calledFunction });
    calledFunction = site.getFunctionName() ?? undefined;
    if (frames.length > MAX_CALLERS) break;
  }
  if (frames.length === 0) return null;
  const [site, ...outer] = frames;
  return {
    site: site.range,
    callers: outer.map(({ range, calledFunction: functionName }) => (functionName ? { ...range, functionName } : range)),
  };
}
