// Remembers the end of the server's log so that a failed start can say why in its
// notification ("No module named switchpoint"), not only in the output channel.

export class LogTail {
    private lines: string[] = [];
    private partial = '';

    constructor(private readonly keep = 200) {}

    append(text: string): void {
        const parts = (this.partial + text).split(/\r?\n/);
        this.partial = parts.pop() ?? '';
        this.lines.push(...parts);
        if (this.lines.length > this.keep) {
            this.lines.splice(0, this.lines.length - this.keep);
        }
    }

    /** Forgets what was logged before a (re)start, so an old failure is not blamed later. */
    mark(): void {
        this.lines = [];
        this.partial = '';
    }

    text(): string[] {
        return this.partial ? [...this.lines, this.partial] : [...this.lines];
    }
}

// The last line of a Python traceback names the error; interpreters and shells say "not found".
const TELLING = /(Error|Exception|error:|No module named|not found|No such file|ENOENT|EACCES|requires Python)/;

/** The most telling line in the log since the last start, for a one-line notification. */
export function failureReason(lines: readonly string[]): string | undefined {
    const meaningful = lines.map((l) => l.trim()).filter((l) => l.length > 0);
    for (let i = meaningful.length - 1; i >= 0; i--) {
        if (TELLING.test(meaningful[i])) {
            return meaningful[i];
        }
    }
    return undefined;
}
