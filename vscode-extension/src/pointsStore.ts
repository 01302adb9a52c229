// The latest `switchpoint/yieldPoints` reply per open document, asked for again whenever
// the server says a document's points were recomputed. Gutter icons, the status bar and
// the navigation commands all read from here.
import * as vscode from 'vscode';
import { YieldPoint } from './protocol';
import { SwitchpointServer } from './server';

export class PointsStore implements vscode.Disposable {
    private readonly points = new Map<string, YieldPoint[]>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changed.event;
    private readonly subscriptions: vscode.Disposable[];

    constructor(private readonly server: SwitchpointServer) {
        this.subscriptions = [
            server.onDidChangePoints((e) => void this.refresh(vscode.Uri.parse(e.uri))),
            server.onDidChangeState((state) => {
                if (state === 'running') {
                    this.refreshVisible();
                } else if (state !== 'starting') {
                    this.clear();
                }
            }),
            vscode.window.onDidChangeVisibleTextEditors(() => this.refreshVisible()),
            vscode.workspace.onDidCloseTextDocument((doc) => this.points.delete(doc.uri.toString())),
            this.changed,
        ];
    }

    /** The points of a document, sorted by position; empty when unknown. */
    get(uri: vscode.Uri): readonly YieldPoint[] {
        return this.points.get(uri.toString()) ?? [];
    }

    refreshVisible(): void {
        for (const editor of vscode.window.visibleTextEditors) {
            if (editor.document.languageId === 'python') {
                void this.refresh(editor.document.uri);
            }
        }
    }

    async refresh(uri: vscode.Uri): Promise<void> {
        const reply = await this.server.yieldPoints(uri);
        if (!reply) {
            return;
        }
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        // A reply for an older version would put icons on the wrong lines; the server
        // announces the newer version's points when it has them.
        if (doc && reply.version !== null && reply.version !== doc.version) {
            return;
        }
        this.points.set(uri.toString(), reply.points);
        this.changed.fire(uri);
    }

    private clear(): void {
        const uris = [...this.points.keys()];
        this.points.clear();
        uris.forEach((u) => this.changed.fire(vscode.Uri.parse(u)));
    }

    dispose(): void {
        this.subscriptions.forEach((d) => d.dispose());
    }
}
