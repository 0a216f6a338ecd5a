import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkIdNumber, maskIdNumber, maskName } from '../../schema/identifiers/index.ts';

/** What the fixtures say about people: every ID number, name and photo reference a test may put through the hub. */
export interface FixturePeople {
  idNumbers: ReadonlySet<string>;
  names: ReadonlySet<string>;
  photoRefs: ReadonlySet<string>;
}

export interface PersonalDataHit {
  file: string;
  /** 1-based. */
  line: number;
  kind: 'ID_NUMBER' | 'NAME' | 'PHOTO_REF';
  /** The value as the failure message may show it: masked. */
  masked: string;
  /** The line around the value, the value itself masked. */
  excerpt: string;
}

const ID_NUMBER_SHAPED = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const CHINESE_RUN = /[\u3400-\u9fff\uf900-\ufaff]{2,}/g;
const TOKEN = /[\w.:/+=-]+/g;

/**
 * Searches one log line for personal data: any fixture person's ID number,
 * name or photo reference, and any valid 18-character resident ID number at
 * all (a fuzzed or generated one is still a person's number in form).
 */
export function findPersonalData(line: string, people: FixturePeople): Omit<PersonalDataHit, 'file' | 'line'>[] {
  const found: { kind: PersonalDataHit['kind']; value: string; masked: string }[] = [];
  const hit = (kind: PersonalDataHit['kind'], value: string, masked: string) => found.push({ kind, value, masked });
  for (const match of line.matchAll(ID_NUMBER_SHAPED)) {
    const value = match[0].toUpperCase();
    if (people.idNumbers.has(value) || checkIdNumber(value).ok) hit('ID_NUMBER', match[0], maskIdNumber(value));
  }
  for (const match of line.matchAll(CHINESE_RUN)) {
    const run = match[0];
    for (let start = 0; start < run.length; start++) {
      for (let length = 2; length <= 4 && start + length <= run.length; length++) {
        const candidate = run.slice(start, start + length);
        if (people.names.has(candidate)) hit('NAME', candidate, maskName(candidate));
      }
    }
  }
  if (people.photoRefs.size > 0) {
    for (const match of line.matchAll(TOKEN)) {
      // A photo reference may sit inside a longer token (`x:sha256:…`): try every suffix after a separator too.
      const token = match[0];
      for (let at = 0; at >= 0 && at < token.length; at = nextSeparator(token, at)) {
        const candidate = token.slice(at);
        if (people.photoRefs.has(candidate)) {
          hit('PHOTO_REF', candidate, maskPhotoRef(candidate));
          break;
        }
      }
    }
  }
  // Each excerpt masks every value found on the line, not only its own.
  let masked = line;
  for (const { value, masked: mask } of found) masked = masked.split(value).join(mask);
  return found.map(({ kind, value, masked: mask }) => ({ kind, masked: mask, excerpt: excerptOf(masked, line.indexOf(value), mask) }));
}

function nextSeparator(token: string, from: number): number {
  for (let i = from; i < token.length; i++) if (':/='.includes(token[i]!)) return i + 1;
  return -1;
}

/** Every hit in every file under `dir` (recursively), in file and line order. */
export function scanLogFolder(dir: string, people: FixturePeople): { files: number; lines: number; hits: PersonalDataHit[] } {
  let files = 0;
  let lines = 0;
  const hits: PersonalDataHit[] = [];
  for (const file of listFiles(dir)) {
    files++;
    const text = readFileSync(file, 'utf8');
    const fileLines = text.split('\n');
    fileLines.forEach((line, index) => {
      if (line) lines++;
      for (const found of findPersonalData(line, people)) hits.push({ file, line: index + 1, ...found });
    });
  }
  return { files, lines, hits };
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

/** A failure message that points at the lines and never repeats the data. */
export function describeHits(hits: readonly PersonalDataHit[], limit = 10): string {
  const shown = hits.slice(0, limit).map((h) => `  ${h.file}:${h.line}  ${h.kind} ${h.masked}  …${h.excerpt}…`);
  const more = hits.length > limit ? [`  … and ${hits.length - limit} more`] : [];
  return [`${hits.length} finding(s) of personal data in the logs (values masked here):`, ...shown, ...more].join('\n');
}

function maskPhotoRef(value: string): string {
  return `${value.slice(0, Math.min(8, Math.floor(value.length / 3)))}***`;
}

function excerptOf(maskedLine: string, at: number, mask: string): string {
  // Positions shift where earlier values were masked; the excerpt is a window near the value, never the value.
  const near = Math.max(0, Math.min(at, maskedLine.length) - 80);
  const from = maskedLine.indexOf(mask, near);
  const start = Math.max(0, (from >= 0 ? from : near) - 60);
  return maskedLine
    .slice(start, (from >= 0 ? from : near) + mask.length + 60)
    .replace(ID_NUMBER_SHAPED, (id) => maskIdNumber(id.toUpperCase()))
    .replace(CHINESE_RUN, (run) => maskName(run));
}
