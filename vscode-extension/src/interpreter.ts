// Which Python runs the server. An explicit `switchpoint.interpreter` wins (the user
// asked for it); else the interpreter selected in the Python extension; else `python3`.
import * as os from 'os';
import * as path from 'path';

export type InterpreterSource = 'switchpoint.interpreter setting' | 'Python extension' | 'default';

export interface Interpreter {
    path: string;
    source: InterpreterSource;
}

export const DEFAULT_INTERPRETER = 'python3';

/** Expands `${workspaceFolder}`, `${userHome}` and a leading `~` in a configured path. */
export function expandPath(value: string, workspaceFolder: string | undefined): string {
    let out = value.replace(/\$\{userHome\}/g, os.homedir());
    if (workspaceFolder !== undefined) {
        out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
    }
    if (out === '~' || out.startsWith('~/')) {
        out = path.join(os.homedir(), out.slice(1));
    }
    return out;
}

export function chooseInterpreter(
    setting: string,
    fromPythonExtension: string | undefined,
    workspaceFolder: string | undefined,
): Interpreter {
    if (setting.trim()) {
        return { path: expandPath(setting.trim(), workspaceFolder), source: 'switchpoint.interpreter setting' };
    }
    if (fromPythonExtension) {
        return { path: fromPythonExtension, source: 'Python extension' };
    }
    return { path: DEFAULT_INTERPRETER, source: 'default' };
}
