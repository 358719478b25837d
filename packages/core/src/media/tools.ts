import { spawn } from "node:child_process";

/**
 * The ffprobe and ffmpeg binaries shipped as npm packages (the platform's build is picked at
 * install time; infra/api.ts installs the linux-arm64 ones into the Lambda package). Loaded on
 * first use so requests that never touch video do not pay for it.
 */
export async function ffprobePath(): Promise<string> {
  return (await import("@ffprobe-installer/ffprobe")).default.path;
}

export async function ffmpegPath(): Promise<string> {
  return (await import("@ffmpeg-installer/ffmpeg")).default.path;
}

export class ToolFailed extends Error {
  constructor(tool: string, detail: string) {
    super(`${tool} failed: ${detail}`);
    this.name = "ToolFailed";
  }
}

/** Runs a binary and returns its stdout; a non-zero exit or the time limit is a ToolFailed. */
export function runTool(
  binary: string,
  args: string[],
  options: {
    timeoutMs: number;
    maxOutputBytes: number;
    /** Sees each chunk of stdout as it arrives (ffmpeg's `-progress pipe:1` lines). */
    onStdout?: (chunk: Buffer) => void;
  },
): Promise<Buffer> {
  const tool = binary.split(/[/\\]/).pop() ?? binary;
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new ToolFailed(tool, `no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      options.onStdout?.(chunk);
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.maxOutputBytes) {
        child.kill("SIGKILL");
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-2000);
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new ToolFailed(tool, error.message));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (stdoutBytes > options.maxOutputBytes) {
        reject(new ToolFailed(tool, `more than ${options.maxOutputBytes} bytes of output`));
      } else if (code !== 0) {
        reject(new ToolFailed(tool, `exit ${code}: ${stderr.trim().split("\n").pop() ?? ""}`));
      } else {
        resolve(Buffer.concat(stdout));
      }
    });
  });
}
