// The interpreter selected in the Python extension (ms-python.python), through its public
// API, when that extension is installed. Only the few members used here are typed.
import * as vscode from 'vscode';

interface EnvironmentPath {
    id: string;
    path: string;
}

interface ResolvedEnvironment {
    executable: { uri: vscode.Uri | undefined };
}

interface PythonEnvironmentsApi {
    getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
    resolveEnvironment(env: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
}

interface PythonExtensionApi {
    ready?: Promise<void>;
    environments?: PythonEnvironmentsApi;
}

const PYTHON_EXTENSION_ID = 'ms-python.python';

async function environmentsApi(): Promise<PythonEnvironmentsApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
    if (!extension) {
        return undefined;
    }
    const api = extension.isActive ? extension.exports : await extension.activate();
    await api?.ready;
    return api?.environments;
}

/** The selected interpreter's executable, or undefined (no Python extension, nothing selected). */
export async function selectedInterpreter(resource: vscode.Uri | undefined, log: (m: string) => void): Promise<string | undefined> {
    try {
        const environments = await environmentsApi();
        if (!environments) {
            return undefined;
        }
        const env = await environments.resolveEnvironment(environments.getActiveEnvironmentPath(resource));
        return env?.executable.uri?.fsPath;
    } catch (error) {
        log(`Could not ask the Python extension for its interpreter: ${error}`);
        return undefined;
    }
}

/** Calls `listener` when the user selects another interpreter in the Python extension. */
export async function onInterpreterChanged(listener: () => void): Promise<vscode.Disposable | undefined> {
    try {
        return (await environmentsApi())?.onDidChangeActiveEnvironmentPath(() => listener());
    } catch {
        return undefined;
    }
}
