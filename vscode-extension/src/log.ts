// The "switchpoint" output channel: the server's stderr, the client's messages and ours.
// It also keeps the tail of what was written, to explain a failed start.
import * as vscode from 'vscode';
import { LogTail } from './logTail';

export class ServerLog implements vscode.OutputChannel {
    readonly tail = new LogTail();

    constructor(private readonly channel: vscode.OutputChannel) {}

    get name(): string {
        return this.channel.name;
    }

    append(value: string): void {
        this.tail.append(value);
        this.channel.append(value);
    }

    appendLine(value: string): void {
        this.append(value + '\n');
    }

    /** A line of the extension's own, timestamped like the client's. */
    info(message: string): void {
        this.appendLine(`[switchpoint ${new Date().toLocaleTimeString()}] ${message}`);
    }

    replace(value: string): void {
        this.channel.replace(value);
    }

    clear(): void {
        this.channel.clear();
    }

    show(preserveFocus?: boolean): void;
    show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
    show(arg?: boolean | vscode.ViewColumn, preserveFocus?: boolean): void {
        if (typeof arg === 'boolean' || arg === undefined) {
            this.channel.show(arg);
        } else {
            this.channel.show(arg, preserveFocus);
        }
    }

    hide(): void {
        this.channel.hide();
    }

    dispose(): void {
        this.channel.dispose();
    }
}
