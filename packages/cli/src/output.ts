/**
 * Everything the CLI prints. Results go to stdout (human text, or one JSON document with --json); warnings and
 * errors to stderr; a progress bar only when stderr is a terminal (never in logs or pipes). Colour only on a
 * terminal and never with NO_COLOR.
 */
export interface Streams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

type Colour = "green" | "red" | "yellow" | "dim" | "bold";
const sgr: Record<Colour, [number, number]> = { green: [32, 39], red: [31, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22] };

export interface Progress {
  update(fraction: number, label: string): void;
  done(): void;
}

export class Output {
  readonly json: boolean;
  readonly streams: Streams;
  private readonly colour: boolean;

  constructor(streams: Streams, options: { json: boolean; noColor: boolean }) {
    this.streams = streams;
    this.json = options.json;
    this.colour = !options.noColor && streams.stdout.isTTY === true;
  }

  /** A line of human output (nothing with --json). */
  line(text = ""): void {
    if (!this.json) this.streams.stdout.write(`${text}\n`);
  }

  /** The --json result: one document. */
  document(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One line of newline-delimited JSON (batch events). */
  record(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value)}\n`);
  }

  warn(text: string): void {
    this.streams.stderr.write(`${text}\n`);
  }

  paint(text: string, colour: Colour): string {
    if (!this.colour) return text;
    const [on, off] = sgr[colour];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  }

  /** A progress bar on stderr when it is a terminal; otherwise nothing at all. */
  progress(): Progress {
    const stderr = this.streams.stderr;
    if (this.json || stderr.isTTY !== true) return { update: () => {}, done: () => {} };
    let shown = false;
    return {
      update(fraction, label) {
        const width = 24;
        const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
        const text = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${label}`;
        stderr.write(`\r${text.slice(0, (stderr.columns ?? 80) - 1)}\u001b[K`);
        shown = true;
      },
      done() {
        if (shown) stderr.write("\r\u001b[K");
        shown = false;
      },
    };
  }
}

/** A plain text table: one header row, columns padded to their widest cell. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [format(headers), ...rows.map(format)].join("\n");
}

/** Shortens text for a table cell. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
