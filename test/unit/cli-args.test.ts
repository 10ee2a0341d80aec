import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from '../../src/cli/args';
import { DEFAULT_THRESHOLDS } from '../../src/shared/protocol';

const CWD = '/home/user/project';

describe('parseArgs', () => {
  it('resolves FILE and fills the defaults', () => {
    assert.deepEqual(parseArgs(['scan', 'examples/dead.js'], CWD), {
      kind: 'scan',
      json: false,
      options: { file: '/home/user/project/examples/dead.js', probe: 1024, seed: 42, backend: 'auto', thresholds: DEFAULT_THRESHOLDS },
    });
  });

  it('reads every option, as `--name value` or `--name=value`', () => {
    const command = parseArgs(
      [
        'scan',
        '--epochs',
        '3',
        '--samples=2000',
        '--probe',
        '256',
        '--seed',
        '-7',
        '--check-every=50',
        '--backend',
        'wasm',
        '--revive',
        '0',
        '--max-fits',
        '3',
        '--json',
        '/abs/model.py',
        '--dying-rate',
        '0.05',
        '--tau=0.1',
        '--saturation-derivative',
        '0.02',
        '--saturated-fraction',
        '0.8',
        '--warn-fraction',
        '0.25',
      ],
      CWD,
    );
    assert.deepEqual(command, {
      kind: 'scan',
      json: true,
      options: {
        file: '/abs/model.py',
        epochs: 3,
        samples: 2000,
        probe: 256,
        seed: -7,
        checkEvery: 50,
        backend: 'wasm',
        reviveEvery: 0,
        maxFits: 3,
        thresholds: { dyingRate: 0.05, tau: 0.1, saturationDerivative: 0.02, saturatedFraction: 0.8, warnFraction: 0.25 },
      },
    });
  });

  it('takes a FILE that looks like an option after --', () => {
    const command = parseArgs(['scan', '--', '--odd-name.js'], CWD);
    assert.equal(command.kind === 'scan' && command.options.file, '/home/user/project/--odd-name.js');
  });

  it('answers --help and --version anywhere', () => {
    assert.deepEqual(parseArgs(['scan', 'x.js', '--help'], CWD), { kind: 'help' });
    assert.deepEqual(parseArgs(['-h'], CWD), { kind: 'help' });
    assert.deepEqual(parseArgs(['--version'], CWD), { kind: 'version' });
    assert.deepEqual(parseArgs(['-v'], CWD), { kind: 'version' });
  });

  it('explains every mistake', () => {
    const cases: [string[], string][] = [
      [[], 'missing command'],
      [['train', 'x.js'], "unknown command 'train'"],
      [['scan'], 'scan needs a FILE'],
      [['scan', 'a.js', 'b.js'], 'scan takes one FILE, got 2'],
      [['scan', 'x.js', '--fast'], 'unknown option --fast'],
      [['scan', 'x.js', '-e'], 'unknown option -e'],
      [['scan', 'x.js', '--epochs'], '--epochs needs a value'],
      [['scan', 'x.js', '--epochs', '0'], "--epochs must be a positive integer, got '0'"],
      [['scan', 'x.js', '--epochs', '2.5'], "--epochs must be a positive integer, got '2.5'"],
      [['scan', 'x.js', '--probe=1e3'], "--probe must be a positive integer, got '1e3'"],
      [['scan', 'x.js', '--seed', 'abc'], "--seed must be an integer, got 'abc'"],
      [['scan', 'x.js', '--revive', '-1'], "--revive must be a non-negative integer, got '-1'"],
      [['scan', 'x.js', '--max-fits', '0'], "--max-fits must be a positive integer, got '0'"],
      [['scan', 'x.js', '--max-fits=all'], "--max-fits must be a positive integer, got 'all'"],
      [['scan', 'x.js', '--max-fits'], '--max-fits needs a value'],
      [['try', 'x.js', '--max-fits', '2'], '--max-fits is for scan: try measures the fixes on the first fit'],
      [['scan', 'x.js', '--tau', '-0.1'], "--tau must be a non-negative number, got '-0.1'"],
      [['scan', 'x.js', '--dying-rate', '1.5'], "--dying-rate must be a number from 0 to 1, got '1.5'"],
      [['scan', 'x.js', '--warn-fraction='], "--warn-fraction must be a number from 0 to 1, got ''"],
      [['scan', 'x.js', '--backend', 'gpu'], "--backend must be one of auto, tensorflow, wasm, cpu, got 'gpu'"],
      [['scan', 'x.js', '--json=yes'], '--json takes no value'],
    ];
    assert.deepEqual(
      cases.map(([argv]) => [argv, parseArgs(argv, CWD)]),
      cases.map(([argv, message]) => [argv, { kind: 'error', message }]),
    );
  });

  it('does not share the default thresholds between parses', () => {
    parseArgs(['scan', 'x.js', '--tau', '0.5'], CWD);
    assert.deepEqual(DEFAULT_THRESHOLDS.tau, 0.025);
  });
});
