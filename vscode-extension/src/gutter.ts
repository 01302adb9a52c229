// Kotlin-style gutter icons: one per line with a switch point, fainter where every
// point on the line only possibly switches.
import * as vscode from 'vscode';
import { gutterLines, shownPoints } from './points';
import { PointsStore } from './pointsStore';
import { Settings } from './settings';

export class GutterIcons implements vscode.Disposable {
    private readonly certain: vscode.TextEditorDecorationType;
    private readonly possible: vscode.TextEditorDecorationType;
    private readonly subscriptions: vscode.Disposable[];

    constructor(
        context: vscode.ExtensionContext,
        private readonly store: PointsStore,
        private readonly settings: () => Settings,
    ) {
        const icon = (name: string) => ({
            gutterIconPath: vscode.Uri.joinPath(context.extensionUri, 'images', name),
            gutterIconSize: 'contain',
        });
        this.certain = vscode.window.createTextEditorDecorationType(icon('gutter-certain.svg'));
        this.possible = vscode.window.createTextEditorDecorationType(icon('gutter-possible.svg'));
        this.subscriptions = [
            store.onDidChange((uri) => this.redrawUri(uri)),
            vscode.window.onDidChangeVisibleTextEditors(() => this.redrawAll()),
            this.certain,
            this.possible,
        ];
    }

    redrawAll(): void {
        vscode.window.visibleTextEditors.forEach((e) => this.draw(e));
    }

    private redrawUri(uri: vscode.Uri): void {
        vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri.toString()).forEach((e) => this.draw(e));
    }

    private draw(editor: vscode.TextEditor): void {
        const settings = this.settings();
        const points = settings.gutter.enabled ? shownPoints(this.store.get(editor.document.uri), settings.inlayHints.showPossible) : [];
        const lines = gutterLines(points);
        const ranges = (ls: number[]) => ls.filter((l) => l < editor.document.lineCount).map((l) => new vscode.Range(l, 0, l, 0));
        editor.setDecorations(this.certain, ranges(lines.certain));
        editor.setDecorations(this.possible, ranges(lines.possible));
    }

    dispose(): void {
        this.subscriptions.forEach((d) => d.dispose());
    }
}
