// make lighthouse: 빌드된 사이트의 모든 페이지를 Lighthouse 12(모바일 프리셋)로 검사합니다.
//
//   node tools/lighthouse/run.mjs [사이트 폴더=site] [--only 경로조각] [--runs N] [--json 폴더] [--perf-advisory]
//   (--perf-advisory: 성능 미달은 보고만 하고, 접근성·권장사항·SEO 미달만 실패로 칩니다)
//
// - site/ 를 127.0.0.1 의 임의 포트에서 직접 서빙합니다 (gzip, 없는 경로는 404.html + 404,
//   GitHub Pages 와 같은 방식). 외부로 나가는 요청은 없습니다.
// - 브라우저는 Debian 의 chromium (CHROME_PATH, 기본 /usr/bin/chromium) 하나를 재사용합니다.
// - 기준: 성능 ≥ 95, 접근성·권장사항·SEO = 100. 성능 점수는 같은 페이지도 기계의 CPU 경합에
//   따라 크게 흔들리므로(이 2코어 기계에서 85~100), 기준 아래면 네 번 더 재서 다섯 번의
//   중앙값으로 판정하고(Lighthouse 문서가 권하는 방식), 그래도 아래면 모든 페이지를 잰 뒤
//   다섯 번 더 재서 열 번의 중앙값으로 판정합니다. 다른 세 항목은 흔들리지 않습니다.
//   --runs N 이면 모든 페이지를 N번 재서 중앙값을 씁니다.
// - 페이지마다 점수 표를 출력하고, 기준 미달이면 감점된 항목을 보여 주고 exit 1 합니다.
import {createServer} from 'node:http';
import {gzipSync} from 'node:zlib';
import {existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {extname, join, relative, resolve, sep} from 'node:path';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const THRESHOLDS = {performance: 95, accessibility: 100, 'best-practices': 100, seo: 100};
const LABELS = {performance: '성능', accessibility: '접근성', 'best-practices': '권장사항', seo: 'SEO'};
// 보통 사용자는 Chromium 샌드박스를 그대로 씁니다. root 로는 샌드박스를 켠 채 시작하지 못하므로
// ("Running as root without --no-sandbox is not supported") root 일 때만 --no-sandbox 를 줍니다.
const SANDBOX = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
const CHROME_FLAGS = [
  '--headless=new', ...SANDBOX, '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions', '--no-first-run', '--no-default-browser-check',
  '--disable-features=MediaRouter,OptimizationHints,Translate,InterestFeedContentSuggestions',
  '--metrics-recording-only', '--mute-audio', '--lang=ko-KR',
];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8', '.png': 'image/png', '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json', '.woff2': 'font/woff2', '.zip': 'application/zip',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.txt']);

function parseArgs(argv) {
  const args = {site: 'site', only: '', json: '.lighthouse', runs: 1, perfAdvisory: false};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') args.only = argv[++i];
    else if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--perf-advisory') args.perfAdvisory = true;
    else if (argv[i] === '--json') args.json = argv[++i];
    else args.site = argv[i];
  }
  return args;
}

function listPages(root) {
  const pages = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'index.html' || (name === '404.html' && dir === root)) {
        const rel = relative(root, path).split(sep).join('/');
        pages.push('/' + rel.replace(/index\.html$/, ''));
      }
    }
  };
  walk(root);
  return pages;
}

function serve(root) {
  const send = (res, status, file) => {
    const ext = extname(file);
    let body = readFileSync(file);
    const headers = {'Content-Type': TYPES[ext] || 'application/octet-stream', 'Cache-Control': 'max-age=600'};
    if (COMPRESSIBLE.has(ext)) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    res.writeHead(status, headers);
    res.end(body);
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    let file = resolve(root, '.' + path);
    if (!file.startsWith(root)) return send(res, 404, join(root, '404.html'));
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, {Location: path + '/'});
        return res.end();
      }
      file = join(file, 'index.html');
    }
    if (existsSync(file) && statSync(file).isFile()) return send(res, 200, file);
    return send(res, 404, join(root, '404.html'));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function lostPoints(lhr, category) {
  // 감점된(가중치 > 0, 점수 < 1) 항목의 id
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
    .map((ref) => `${ref.id}(${Math.round(lhr.audits[ref.id].score * 100)})`);
}

async function audit(url, port) {
  const result = await lighthouse(url, {
    port, output: 'json', logLevel: 'error',
    onlyCategories: Object.keys(THRESHOLDS),
    // 점수에 들어가지 않는(가중치 0) 두 가지를 건너뛰어 페이지당 몇 초를 줄입니다:
    // 페이지 전체 스크린숏, 뒤로 가기 캐시(bfcache) 검사(다른 페이지로 갔다가 돌아옴)
    disableFullPageScreenshot: true,
    skipAudits: ['bf-cache'],
  });
  return result.lhr;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const root = resolve(args.site);
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`${root}/index.html 이 없습니다: 먼저 make build 를 실행하세요.`);
    process.exit(2);
  }
  const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(chromePath)) {
    console.error(`${chromePath} 가 없습니다: apt-get install -y chromium (또는 CHROME_PATH 지정)`);
    process.exit(2);
  }
  const pages = listPages(root).filter((page) => page.includes(args.only));
  const server = await serve(root);
  const base = `http://127.0.0.1:${server.address().port}`;
  const chrome = await chromeLauncher.launch({chromePath, chromeFlags: CHROME_FLAGS, logLevel: 'silent'});
  // 중단(Ctrl+C, kill, 출력 파이프가 닫힘)되어도 Chromium 을 남기지 않습니다
  const stop = () => { chrome.kill(); server.close(); process.exit(130); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.on('error', stop);
  mkdirSync(args.json, {recursive: true});
  const rows = [];
  const started = Date.now();
  const measure = async (page, runs) => {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await audit(base + page, chrome.port));
    return results;
  };
  const judge = (row) => {
    const {page, lhr, perfRuns} = row;
    row.scores = Object.fromEntries(
      Object.keys(THRESHOLDS).map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
    row.scores.performance = median(perfRuns);
    row.failed = Object.keys(THRESHOLDS).filter((c) => row.scores[c] < THRESHOLDS[c]);
    row.lost = row.failed.flatMap((c) => lostPoints(lhr, c));
    row.weightKiB = Math.round(lhr.audits['total-byte-weight'].numericValue / 1024);
    const mark = row.failed.length ? '✗' : '✓';
    const cells = Object.keys(THRESHOLDS).map((c) => String(row.scores[c]).padStart(4)).join(' ');
    const tbt = Math.round(lhr.audits['total-blocking-time'].numericValue);
    console.log(`${mark} ${cells}  ${String(row.weightKiB).padStart(5)} KiB  TBT ${String(tbt).padStart(4)} ms  ${page}`
      + (row.lost.length ? '  ← ' + row.lost.join(' ') : '')
      + (perfRuns.length > 1 ? `  (성능 ${perfRuns.join('/')})` : ''));
  };
  const perfOf = (lhr) => Math.round(lhr.categories.performance.score * 100);
  try {
    for (const page of pages) {
      let results = await measure(page, Math.max(1, args.runs));
      if (median(results.map(perfOf)) < THRESHOLDS.performance && results.length < 5) {
        results = results.concat(await measure(page, 5 - results.length));
      }
      const row = {page, lhr: results[0], perfRuns: results.map(perfOf)};
      judge(row);
      rows.push(row);
      const name = page === '/' ? 'index' : page.replace(/^\/|\/$/g, '').replace(/[/.]/g, '_');
      writeFileSync(join(args.json, `${name}.json`), JSON.stringify(row.lhr));
    }
    // 성능만 기준 아래인 페이지는 끝에서 다섯 번 더 잽니다: 공유 기계의 부하는 몇십 초씩 몰려
    // 오므로, 시간을 두고 다시 재야 페이지 탓과 기계 탓이 구별됩니다. 판정은 열 번의 중앙값.
    const slowOnly = rows.filter((row) => row.failed.length === 1 && row.failed[0] === 'performance');
    if (slowOnly.length) console.log(`\n성능 기준 아래 ${slowOnly.length}개 페이지를 다시 잽니다:`);
    for (const row of slowOnly) {
      row.perfRuns = row.perfRuns.concat((await measure(row.page, 5)).map(perfOf));
      judge(row);
    }
  } finally {
    await chrome.kill();
    server.close();
  }
  console.log('');
  console.log(`${pages.length}개 페이지, ${Math.round((Date.now() - started) / 1000)} s. 항목별 최저 점수:`);
  for (const c of Object.keys(THRESHOLDS)) {
    const worst = rows.reduce((a, b) => (b.scores[c] < a.scores[c] ? b : a));
    console.log(`  ${LABELS[c].padEnd(5)} ${String(worst.scores[c]).padStart(3)} (기준 ${THRESHOLDS[c]})  ${worst.page}`);
  }
  const heaviest = rows.reduce((a, b) => (b.weightKiB > a.weightKiB ? b : a));
  console.log(`  가장 무거운 페이지: ${heaviest.page} ${heaviest.weightKiB} KiB (전송량, gzip)`);
  const gated = (row) => row.failed.filter((c) => !(args.perfAdvisory && c === 'performance'));
  const bad = rows.filter((row) => gated(row).length);
  const slow = rows.filter((row) => row.failed.includes('performance'));
  if (args.perfAdvisory && slow.length) {
    console.log(`\n성능 기준 미달 ${slow.length}개 (--perf-advisory: 실패로 치지 않음): ${slow.map((r) => r.page).join(' ')}`);
  }
  if (bad.length) {
    console.log(`\n기준 미달 ${bad.length}개 페이지. 자세한 보고서: ${args.json}/*.json`);
    process.exit(1);
  }
  console.log('모든 페이지가 기준을 통과했습니다.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
