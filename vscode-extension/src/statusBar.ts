// The status bar item: the active file's switch point count and the server's state.
import * as vscode from 'vscode';
import { countLabel, shownPoints } from './points';
import { PointsStore } from './pointsStore';
import { SwitchpointServer } from './server';
import { Settings } from './settings';

export class StatusBar implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('switchpoint.status', vscode.StatusBarAlignment.Right, 100);
    private readonly subscriptions: vscode.Disposable[];

    constructor(
        private readonly server: SwitchpointServer,
        private readonly store: PointsStore,
        private readonly settings: () => Settings,
    ) {
        this.item.name = 'switchpoint';
        this.item.command = 'switchpoint.showLog';
        this.subscriptions = [
            server.onDidChangeState(() => this.update()),
            store.onDidChange(() => this.update()),
            vscode.window.onDidChangeActiveTextEditor(() => this.update()),
            this.item,
        ];
        this.update();
    }

    update(): void {
        const editor = vscode.window.activeTextEditor;
        const state = this.server.state;
        const interpreter = this.server.interpreter ? `\nInterpreter: ${this.server.interpreter.path}` : '';
        let text: string;
        let tooltip: string;
        this.item.backgroundColor = undefined;
        if (state === 'running') {
            const points = editor ? shownPoints(this.store.get(editor.document.uri), this.settings().inlayHints.showPossible) : [];
            text = `$(debug-pause) ${points.length}`;
            tooltip = `switchpoint: ${editor ? countLabel(points) + ' in this file' : 'no file'}\nServer: running (start ${this.server.starts})${interpreter}`;
        } else if (state === 'starting') {
            text = '$(sync~spin) switchpoint';
            tooltip = `switchpoint: the server is starting${interpreter}`;
        } else if (state === 'failed') {
            text = '$(error) switchpoint';
            tooltip = `switchpoint: the server is not running: ${this.server.failure ?? 'unknown reason'}${interpreter}\nClick for the log.`;
            this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        } else {
            text = '$(circle-slash) switchpoint';
            tooltip = state === 'disabled' ? 'switchpoint: disabled (switchpoint.enable)' : 'switchpoint: the server is stopped';
        }
        this.item.text = text;
        this.item.tooltip = tooltip;
        this.item.accessibilityInformation = { label: tooltip.split('\n').join('. ') };
        const isPython = editor?.document.languageId === 'python';
        if (isPython || state === 'failed') {
            this.item.show();
        } else {
            this.item.hide();
        }
    }

    dispose(): void {
        this.subscriptions.forEach((d) => d.dispose());
    }
}
