// Choosing the interpreter, building the server's command line, explaining a failed start.
import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { chooseInterpreter, expandPath } from '../interpreter';
import { bundledLibs, planLaunch, probeCommand } from '../launch';
import { failureReason, LogTail } from '../logTail';

describe('chooseInterpreter', () => {
    it('uses the switchpoint.interpreter setting when it is set', () => {
        assert.deepEqual(chooseInterpreter('/opt/py/bin/python', '/home/u/.venv/bin/python', '/w'), {
            path: '/opt/py/bin/python',
            source: 'switchpoint.interpreter setting',
        });
    });

    it('else the interpreter selected in the Python extension', () => {
        assert.deepEqual(chooseInterpreter('', '/home/u/.venv/bin/python', '/w'), {
            path: '/home/u/.venv/bin/python',
            source: 'Python extension',
        });
    });

    it('else python3', () => {
        assert.deepEqual(chooseInterpreter('  ', undefined, undefined), { path: 'python3', source: 'default' });
    });

    it('expands ${workspaceFolder} and ~ in the setting', () => {
        assert.equal(chooseInterpreter('${workspaceFolder}/.venv/bin/python', undefined, '/w').path, '/w/.venv/bin/python');
        assert.equal(expandPath('~/py/bin/python', undefined), path.join(os.homedir(), 'py/bin/python'));
        assert.equal(expandPath('${userHome}/py', undefined), `${os.homedir()}/py`);
    });
});

describe('planLaunch', () => {
    const ext = '/ext/switchpoint-0.1.0';

    it('runs the environment\'s switchpoint with fromEnvironment', () => {
        const plan = planLaunch('/v/bin/python', 'fromEnvironment', ext, () => false);
        assert.deepEqual(plan, { ok: true, launch: { command: '/v/bin/python', args: ['-m', 'switchpoint', 'server', '--stdio'] } });
    });

    it('runs the bundled shim with useBundled', () => {
        const plan = planLaunch('python3', 'useBundled', ext, (p) => p === bundledLibs(ext));
        assert.deepEqual(plan, {
            ok: true,
            launch: { command: 'python3', args: [path.join(ext, 'bundled', 'tool', 'lsp_server.py'), 'server', '--stdio'] },
        });
    });

    it('says why when useBundled has nothing bundled', () => {
        const plan = planLaunch('python3', 'useBundled', ext, () => false);
        assert.equal(plan.ok, false);
        assert.match(!plan.ok ? plan.reason : '', /bundled\/libs is missing.*fromEnvironment/);
    });
});

describe('probeCommand', () => {
    it('asks the same entry point for its version instead of serving', () => {
        assert.deepEqual(probeCommand({ command: '/v/bin/python', args: ['-m', 'switchpoint', 'server', '--stdio'] }), {
            command: '/v/bin/python',
            args: ['-m', 'switchpoint', '--version'],
        });
        assert.deepEqual(probeCommand({ command: 'python3', args: ['/ext/bundled/tool/lsp_server.py', 'server', '--stdio'] }), {
            command: 'python3',
            args: ['/ext/bundled/tool/lsp_server.py', '--version'],
        });
    });
});

describe('failureReason', () => {
    it('finds the last line of a Python traceback', () => {
        const tail = new LogTail();
        tail.append('Traceback (most recent call last):\n  File "<frozen runpy>", line 198\n');
        tail.append("ModuleNotFoundError: No module named 'pygls'\n\n");
        assert.equal(failureReason(tail.text()), "ModuleNotFoundError: No module named 'pygls'");
    });

    it('finds a missing interpreter', () => {
        assert.equal(
            failureReason(['[Error] client: couldn\'t create connection', 'Launching server using command /nope/python failed. Error: spawn /nope/python ENOENT']),
            'Launching server using command /nope/python failed. Error: spawn /nope/python ENOENT',
        );
    });

    it('forgets what was logged before a restart', () => {
        const tail = new LogTail();
        tail.append('/usr/bin/python3: No module named switchpoint\n');
        tail.mark();
        tail.append('starting\n');
        assert.equal(failureReason(tail.text()), undefined);
    });

    it('keeps only the last lines, and a line written in pieces', () => {
        const tail = new LogTail(2);
        tail.append('a\nb\nc\nhal');
        tail.append('f\n');
        assert.deepEqual(tail.text(), ['c', 'half']);
    });
});
