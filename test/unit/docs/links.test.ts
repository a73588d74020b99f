import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoRoot, tempDir } from '../../helpers/cli.js';
import { anchorsOf, brokenLinks, relativeLinksOf, slugOf } from '../../helpers/markdown-links.js';

const readme = join(repoRoot, 'README.md');
const docs = join(repoRoot, 'docs');
const pages = readdirSync(docs, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.md'))
  .map((name) => join(docs, name));

test('every relative link of the README and docs/ leads to a file, and every #anchor to a heading there', () => {
  assert.ok(pages.length >= 10, `${pages.length} pages under docs/`);
  assert.deepEqual(brokenLinks([readme, ...pages], repoRoot), []);
});

test('the README is a front page: at most 15 kB, and it links every page of docs/', () => {
  assert.ok(statSync(readme).size <= 15_000, `README.md is ${statSync(readme).size} bytes`);
  const linked = new Set(relativeLinksOf(readFileSync(readme, 'utf8')).map((link) => link.target.split('#')[0]));
  const unlinked = pages.map((page) => relative(repoRoot, page)).filter((page) => !linked.has(page));
  assert.deepEqual(unlinked, []);
});

test('the images of the docs stay small (under 300 kB each)', () => {
  const images = join(docs, 'images');
  for (const name of readdirSync(images)) assert.ok(statSync(join(images, name)).size < 300_000, `docs/images/${name}`);
});

test("headings' anchors are GitHub's: punctuation dropped, spaces as hyphens, repeats numbered", () => {
  assert.equal(slugOf("Scaling curves: `instances: [1, 2, 4, 'cores']`"), 'scaling-curves-instances-1-2-4-cores');
  assert.equal(slugOf('`external` — a server loadlab does not deploy'), 'external--a-server-loadlab-does-not-deploy');
  assert.equal(slugOf("Runtimes and the project's folder"), 'runtimes-and-the-projects-folder');
  assert.deepEqual([...anchorsOf('# Page\n## Notes\n```sh\n# not a heading\n```\n## Notes\n')], ['page', 'notes', 'notes-1']);
});

test('a missing page, a missing anchor and a missing image are each named with file and line; code and URLs are not links', () => {
  const root = tempDir();
  mkdirSync(join(root, 'docs'));
  writeFileSync(join(root, 'docs', 'a.md'), '# A\n## Here it is\n');
  writeFileSync(
    join(root, 'README.md'),
    [
      '# Front',
      '[fine](docs/a.md#here-it-is) [self](#front) [web](https://example.com/x.md)',
      '[gone](docs/b.md) [lost](docs/a.md#there) ![shot](docs/images/x.png)',
      '`[code](docs/c.md)`',
      '```md',
      '[fenced](docs/d.md)',
      '```',
      '[also lost](#back)',
    ].join('\n'),
  );
  assert.deepEqual(brokenLinks([join(root, 'README.md')], root), [
    'README.md:3: [gone](docs/b.md): no file docs/b.md',
    'README.md:3: [lost](docs/a.md#there): no heading #there in docs/a.md',
    'README.md:3: [shot](docs/images/x.png): no file docs/images/x.png',
    'README.md:8: [also lost](#back): no heading #back in README.md',
  ]);
});
