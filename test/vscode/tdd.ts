// mocha's TDD interface. Mocha installs these as globals while it loads each test file; reading
// them at call time keeps the suites typed without an ambient declaration for the whole tree.
export interface TestContext {
  timeout(ms: number): void;
  skip(): never;
}

type Body = (this: TestContext) => void | Promise<void>;

interface TddGlobals {
  suite(title: string, body: (this: TestContext) => void): void;
  test(title: string, body: Body): void;
  suiteSetup(body: Body): void;
  suiteTeardown(body: Body): void;
  setup(body: Body): void;
  teardown(body: Body): void;
}

const mocha = (): TddGlobals => globalThis as unknown as TddGlobals;

export const suite = (title: string, body: (this: TestContext) => void): void => mocha().suite(title, body);
export const test = (title: string, body: Body): void => mocha().test(title, body);
export const suiteSetup = (body: Body): void => mocha().suiteSetup(body);
export const suiteTeardown = (body: Body): void => mocha().suiteTeardown(body);
export const setup = (body: Body): void => mocha().setup(body);
export const teardown = (body: Body): void => mocha().teardown(body);
