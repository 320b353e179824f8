/** Reading the user's files: anything that cannot be read is exit code 5, with the file named. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { UnreadableFileError } from './errors.ts';

const detail = (e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  return err.code === 'ENOENT'
    ? 'no such file or directory'
    : err.code === 'EACCES'
      ? 'permission denied'
      : (err.code ?? err.message);
};

export async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new UnreadableFileError(file, detail(e));
  }
}

export async function readText(file: string): Promise<string> {
  return (await readBytes(file)).toString('utf8');
}

export async function readJson(file: string): Promise<{ text: string; json: unknown }> {
  const text = await readText(file);
  try {
    return { text, json: JSON.parse(text) };
  } catch (e) {
    throw new UnreadableFileError(file, `not valid JSON (${(e as Error).message})`);
  }
}

/** Files and folders -> files: a folder contributes its `*.json` files (not its subfolders), sorted by name. */
export async function expandJsonPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch (e) {
      throw new UnreadableFileError(p, detail(e));
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    const entries = (await readdir(p, { withFileTypes: true })).filter(
      (e) => e.isFile() && extname(e.name).toLowerCase() === '.json',
    );
    if (!entries.length) throw new UnreadableFileError(p, 'the folder holds no *.json pact files');
    files.push(...entries.map((e) => join(p, e.name)).sort());
  }
  return files;
}
