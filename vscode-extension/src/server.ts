// Starts, stops and restarts the switchpoint language server, and reports its state.
// A server that cannot start is explained in a notification with a button to the log.
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
    CloseAction,
    ErrorAction,
    LanguageClient,
    LanguageClientOptions,
    RevealOutputChannelOn,
    State,
} from 'vscode-languageclient/node';
import { chooseInterpreter, Interpreter } from './interpreter';
import { planLaunch } from './launch';
import { ServerLog } from './log';
import { failureReason } from './logTail';
import { probeFailure } from './probe';
import {
    YIELD_POINTS_CHANGED_NOTIFICATION,
    YIELD_POINTS_REQUEST,
    YieldPointsChanged,
    YieldPointsReply,
} from './protocol';
import { selectedInterpreter } from './pythonExtension';
import { readSettings, SECTION, serverSettings, Settings } from './settings';

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed' | 'disabled';

/** The client shows a generic "couldn't create connection" pop-up on a failed start; we show our own, with the reason. */
class QuietLanguageClient extends LanguageClient {
    override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
        super.error(message, data, showNotification === 'force' ? false : showNotification);
    }
}

const MAX_CRASH_RESTARTS = 3;

export function currentSettings(): Settings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return readSettings((key) => config.get(key));
}

export class SwitchpointServer implements vscode.Disposable {
    private client: LanguageClient | undefined;
    private clientSubscriptions: vscode.Disposable[] = [];
    private queue: Promise<void> = Promise.resolve();
    private crashes = 0;
    private _starts = 0;
    private _state: ServerState = 'stopped';
    private _interpreter: Interpreter | undefined;
    private _failure: string | undefined;

    private readonly stateChanged = new vscode.EventEmitter<ServerState>();
    readonly onDidChangeState = this.stateChanged.event;
    private readonly pointsChanged = new vscode.EventEmitter<YieldPointsChanged>();
    /** The server recomputed a document's points (`switchpoint/yieldPointsChanged`). */
    readonly onDidChangePoints = this.pointsChanged.event;

    constructor(
        private readonly context: vscode.ExtensionContext,
        private readonly log: ServerLog,
        private readonly middleware: LanguageClientOptions['middleware'],
    ) {}

    get state(): ServerState {
        return this._state;
    }

    get interpreter(): Interpreter | undefined {
        return this._interpreter;
    }

    /** How many times a server was started successfully in this window: shows that a restart took. */
    get starts(): number {
        return this._starts;
    }

    /** Why the last start failed, if it did. */
    get failure(): string | undefined {
        return this._failure;
    }

    /** Stops any running server and starts it again with the current settings. One at a time. */
    restart(): Promise<void> {
        this.queue = this.queue.then(() => this.doRestart()).catch((e) => this.log.info(`restart failed: ${e}`));
        return this.queue;
    }

    stop(): Promise<void> {
        this.queue = this.queue.then(() => this.doStop()).catch((e) => this.log.info(`stop failed: ${e}`));
        return this.queue;
    }

    async yieldPoints(uri: vscode.Uri): Promise<YieldPointsReply | undefined> {
        const client = this.client;
        if (!client || this._state !== 'running') {
            return undefined;
        }
        try {
            return await client.sendRequest<YieldPointsReply>(YIELD_POINTS_REQUEST, { textDocument: { uri: uri.toString() } });
        } catch (error) {
            this.log.info(`${YIELD_POINTS_REQUEST} failed for ${uri.toString()}: ${error}`);
            return undefined;
        }
    }

    /**
     * Asks VS Code for the inlay hints again (after a settings change: the client has
     * already sent the server workspace/didChangeConfiguration, on the same connection).
     */
    refreshInlayHints(): void {
        const feature = this.client?.getFeature('textDocument/inlayHint');
        for (const editor of vscode.window.visibleTextEditors) {
            feature?.getProvider(editor.document)?.onDidChangeInlayHints.fire();
        }
    }

    private setState(state: ServerState): void {
        this._state = state;
        this.stateChanged.fire(state);
    }

    private async doStop(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        this.clientSubscriptions.forEach((d) => d.dispose());
        this.clientSubscriptions = [];
        if (client) {
            try {
                await client.stop(5000);
            } catch (error) {
                this.log.info(`stopping the server: ${error}`);
            }
        }
        this.setState('stopped');
    }

    private async doRestart(): Promise<void> {
        await this.doStop();
        const settings = currentSettings();
        if (!settings.enable) {
            this.log.info('switchpoint.enable is off: the server is not started.');
            this.setState('disabled');
            return;
        }
        this.crashes = 0;
        this._failure = undefined;
        this.setState('starting');
        const folder = vscode.workspace.workspaceFolders?.[0];
        const fromPython = settings.interpreter ? undefined : await selectedInterpreter(folder?.uri, (m) => this.log.info(m));
        this._interpreter = chooseInterpreter(settings.interpreter, fromPython, folder?.uri.fsPath);
        this.log.info(`interpreter: ${this._interpreter.path} (from the ${this._interpreter.source})`);

        const plan = planLaunch(this._interpreter.path, settings.importStrategy, this.context.extensionPath, fs.existsSync);
        if (!plan.ok) {
            this.fail(plan.reason);
            return;
        }
        this.log.info(`starting: ${[plan.launch.command, ...plan.launch.args].join(' ')}`);
        this.log.tail.mark();
        const client = new QuietLanguageClient(
            SECTION,
            'switchpoint',
            { command: plan.launch.command, args: plan.launch.args, options: { cwd: folder?.uri.fsPath } },
            this.clientOptions(settings),
        );
        this.client = client;
        this.clientSubscriptions.push(
            client.onDidChangeState((e) => {
                if (client !== this.client) {
                    return;
                }
                if (e.newState === State.Running) {
                    this.setState('running');
                } else if (e.newState === State.Starting) {
                    this.setState('starting');
                }
            }),
            client.onNotification(YIELD_POINTS_CHANGED_NOTIFICATION, (params: YieldPointsChanged) => this.pointsChanged.fire(params)),
        );
        try {
            await client.start();
            // A server that dies during initialize can leave start() resolved: trust the state.
            if (!client.isRunning()) {
                throw new Error('the server exited while starting');
            }
            this._starts += 1;
            this.log.info('the server is running.');
            this.setState('running');
        } catch (error) {
            if (client === this.client) {
                this.client = undefined;
                this.clientSubscriptions.forEach((d) => d.dispose());
                this.clientSubscriptions = [];
                const reason =
                    (await probeFailure(plan.launch, folder?.uri.fsPath)) ??
                    failureReason(this.log.tail.text()) ??
                    (error instanceof Error ? error.message : String(error));
                this.fail(`${reason} (interpreter: ${this._interpreter.path}, from the ${this._interpreter.source})`);
            }
        }
    }

    private clientOptions(settings: Settings): LanguageClientOptions {
        return {
            documentSelector: [
                { scheme: 'file', language: 'python' },
                { scheme: 'untitled', language: 'python' },
            ],
            outputChannel: this.log,
            revealOutputChannelOn: RevealOutputChannelOn.Never,
            initializationOptions: serverSettings(settings),
            synchronize: { configurationSection: SECTION },
            middleware: this.middleware,
            initializationFailedHandler: () => false,
            errorHandler: {
                error: () => ({ action: ErrorAction.Continue, handled: true }),
                closed: () => {
                    if (this._state !== 'running') {
                        return { action: CloseAction.DoNotRestart, handled: true };
                    }
                    this.crashes += 1;
                    if (this.crashes <= MAX_CRASH_RESTARTS) {
                        this.log.info(`the server exited; restarting it (${this.crashes}/${MAX_CRASH_RESTARTS}).`);
                        return { action: CloseAction.Restart, handled: true };
                    }
                    this.fail(
                        `it exited ${this.crashes} times; it will not be restarted until you run "switchpoint: Restart Server".`,
                        'the server stopped',
                    );
                    return { action: CloseAction.DoNotRestart, handled: true };
                },
            },
        };
    }

    private fail(reason: string, headline = 'the server could not start'): void {
        this._failure = reason;
        this.log.info(`${headline}: ${reason}`);
        this.setState('failed');
        void vscode.window.showErrorMessage(`switchpoint: ${headline}: ${reason}`, 'Show Log').then((choice) => {
            if (choice === 'Show Log') {
                this.log.show();
            }
        });
    }

    dispose(): void {
        void this.doStop();
        this.stateChanged.dispose();
        this.pointsChanged.dispose();
    }
}
