// The command line that starts the server, for each import strategy. No VS Code here.
import * as path from 'path';
import { ImportStrategy } from './settings';

export interface LaunchCommand {
    command: string;
    args: string[];
}

export type LaunchPlan = { ok: true; launch: LaunchCommand } | { ok: false; reason: string };

export const SERVER_ARGS = ['server', '--stdio'];

export function bundledScript(extensionPath: string): string {
    return path.join(extensionPath, 'bundled', 'tool', 'lsp_server.py');
}

export function bundledLibs(extensionPath: string): string {
    return path.join(extensionPath, 'bundled', 'libs');
}

/**
 * `fromEnvironment` runs `<python> -m switchpoint server --stdio`; `useBundled` runs the
 * shim that puts the extension's own copy of switchpoint first on sys.path. A build
 * without that copy says so instead of silently running something else.
 */
export function planLaunch(
    interpreter: string,
    strategy: ImportStrategy,
    extensionPath: string,
    exists: (p: string) => boolean,
): LaunchPlan {
    if (strategy === 'fromEnvironment') {
        return { ok: true, launch: { command: interpreter, args: ['-m', 'switchpoint', ...SERVER_ARGS] } };
    }
    if (!exists(bundledLibs(extensionPath))) {
        return {
            ok: false,
            reason:
                'this build of the extension has no bundled copy of switchpoint (bundled/libs is missing). ' +
                'Set "switchpoint.importStrategy" to "fromEnvironment" to use the switchpoint installed in your interpreter.',
        };
    }
    return { ok: true, launch: { command: interpreter, args: [bundledScript(extensionPath), ...SERVER_ARGS] } };
}

/**
 * The same interpreter and entry point asked only for `--version`: run after a failed
 * start, its error output says plainly why (no such interpreter, no switchpoint in it,
 * a bundle for another Python), whatever the language client made of the failure.
 */
export function probeCommand(launch: LaunchCommand): LaunchCommand {
    const args = launch.args.slice(0, launch.args.length - SERVER_ARGS.length);
    return { command: launch.command, args: [...args, '--version'] };
}
