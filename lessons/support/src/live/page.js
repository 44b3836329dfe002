// The live page's script: probe /health, draw what the probes took, send the buttons' requests,
// list the watchdog's stalls. Plain JavaScript run as written: no framework, no build step.
(() => {
  'use strict';

  const PROBE_EVERY_MS = 50;
  const WINDOW_MS = 20000; // the chart's width in time
  const P99_OVER_MS = 1000; // the readout's window
  // After a probe fails the server is probably gone; asking 20 times a second would only fill
  // the console with refused connections.
  const RETRY_AFTER_MS = 1000;
  // The log axis: loopback answers in about a millisecond, a stall lasts seconds. Values outside
  // are drawn at the edge.
  const Y_MIN_MS = 0.5;
  const Y_MAX_MS = 10000;
  const MAX_STALLS = 12;

  const $ = (id) => document.getElementById(id);
  const config = JSON.parse($('live-config').textContent);
  const figure = $('latency');
  const canvas = $('chart');
  const p99Out = $('p99');
  const statusOut = $('status');
  const last = $('last');

  // ---- Language --------------------------------------------------------------------------
  // The page speaks English and Simplified Chinese. It takes the first language of the
  // reader's list (`navigator.languages`, in the order of the browser's settings) that it
  // speaks: zh-CN, zh-TW and zh all read Chinese, en-GB reads English, and a list with neither
  // gets English. `?lang=zh` or `?lang=en` in the address overrides the browser, for a reader
  // whose browser is set to the other. Chosen once: the page is rendered once.
  function chooseLanguage() {
    const asked = new URLSearchParams(window.location.search).get('lang');
    let preferred = [navigator.language];
    if (asked) preferred = [asked];
    else if (navigator.languages && navigator.languages.length) preferred = navigator.languages;
    for (const tag of preferred) {
      const primary = String(tag || '').toLowerCase().split('-')[0];
      if (primary === 'zh' || primary === 'en') return primary;
    }
    return 'en';
  }
  const lang = chooseLanguage();
  // The content's language, so the browser picks Chinese glyphs for it and a screen reader the
  // right voice. The Chinese is Simplified whichever zh the reader asked for.
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';

  // Every text has the shape of the lesson's `Text`: `{ en, zh }`. The lesson's come in the
  // configuration; the page's own are here, each English beside its Chinese. A function takes
  // what only the run knows (a number, a route, a label); numbers and routes read the same in
  // both languages.
  const TEXT = {
    controls: { en: 'Requests to send', zh: '要发送的请求' },
    readout: {
      en: (route) => `${route}, p99 of the last second`,
      zh: (route) => `${route} 最近一秒的 p99`,
    },
    chart: {
      en: (route, seconds) => `Latency of ${route} over the last ${seconds} seconds`,
      zh: (route, seconds) => `最近 ${seconds} 秒内 ${route} 的延迟`,
    },
    // `code` in backticks becomes <code>.
    caption: {
      en: (route, every) =>
        `This page sends \`${route}\` every ${every} ms. Each dot is one request, placed at the ` +
        'time it was sent, as high as the time it took (log scale); a dot still rising is a ' +
        'request still waiting. The marks on the time axis are your presses.',
      zh: (route, every) =>
        `本页每 ${every} ms 发送一次 \`${route}\`。每个点是一个请求：横坐标是它发出的时刻，` +
        '高度是它花的时间（对数坐标）；还在往上走的点，是仍在等待应答的请求。时间轴上的标记' +
        '是你按下按钮的时刻。',
    },
    stalls: { en: 'What the blocking watchdog saw', zh: '阻塞看门狗发现的卡顿' },
    noStalls: {
      en: 'Nothing yet: a stall shows here while it happens.',
      zh: '暂时没有。卡顿一发生，就会出现在这里。',
    },
    down: { en: 'the server does not answer', zh: '服务器没有应答' },
    noAnswer: { en: 'no answer', zh: '无应答' },
    sent: {
      en: (label, request) => `${label}: ${request} sent…`,
      zh: (label, request) => `${label}：已发送 ${request}…`,
    },
    back: {
      en: (label, summary, took) => `${label}: ${summary}, all back after ${took}`,
      zh: (label, summary, took) => `${label}：${summary}，${took} 后全部返回`,
    },
    now: { en: 'now', zh: '现在' },
    // The watchdog's lines (see `describe` below).
    aThread: { en: 'a thread', zh: '某个线程' },
    worker: { en: (n) => `worker ${n}`, zh: (n) => `工作线程 ${n}` },
    thread: { en: (name) => `thread ${name}`, zh: (name) => `线程 ${name}` },
    spawnedTask: { en: (at) => `a task spawned at ${at}`, zh: (at) => `在 ${at} 派生的任务` },
    spawnedAt: { en: (at) => ` (task spawned at ${at})`, zh: (at) => `（任务派生于 ${at}）` },
    onCore: {
      en: (core, wall) => `, on a core ${core} ms of ${wall} ms`,
      zh: (core, wall) => `，${wall} ms 中有 ${core} ms 在 CPU 核心上运行`,
    },
    blocking: {
      en: (what, who, ms) => `${what} is blocking ${who}: ${ms} ms so far`,
      zh: (what, who, ms) => `${what} 正在阻塞${who}：已持续 ${ms} ms`,
    },
    blocked: {
      en: (what, who, ms) => `${what} blocked ${who} for ${ms} ms`,
      zh: (what, who, ms) => `${what} 阻塞了${who}，持续 ${ms} ms`,
    },
  };

  // A text in the page's language; a function is called with `args`. A text without the
  // language falls back to English rather than to nothing.
  function pick(text, ...args) {
    const chosen = text[lang] === undefined ? text.en : text[lang];
    return typeof chosen === 'function' ? chosen(...args) : chosen;
  }
  const say = (key, ...args) => pick(TEXT[key], ...args);

  // Puts `text` into `element`, each `code` span in backticks as a <code>.
  function show(element, text) {
    element.replaceChildren(
      ...String(text)
        .split('`')
        .map((part, i) => {
          if (i % 2 === 0) return document.createTextNode(part);
          const code = document.createElement('code');
          code.textContent = part;
          return code;
        }),
    );
  }

  const route = `GET ${config.health}`;
  // What each page text is given: the same for every element that names the key.
  const ARGS = {
    readout: [route],
    chart: [route, WINDOW_MS / 1000],
    caption: [route, PROBE_EVERY_MS],
  };
  for (const element of document.querySelectorAll('[data-text]')) {
    show(element, say(element.dataset.text, ...(ARGS[element.dataset.text] || [])));
  }
  // `data-text-NAME="key"` fills the attribute NAME (an aria-label, the empty list's note).
  for (const element of document.querySelectorAll('*')) {
    for (const { name, value } of [...element.attributes]) {
      if (name.startsWith('data-text-')) {
        element.setAttribute(name.slice('data-text-'.length), say(value, ...(ARGS[value] || [])));
      }
    }
  }

  document.title = pick(config.title);
  $('title').textContent = pick(config.title);
  show($('intro'), pick(config.intro));

  // ---- Probing /health -------------------------------------------------------------------
  // One record a probe: when it was sent, when it came back (null while it waits), how long it
  // took, and whether it was answered at all.
  const probes = [];
  let answered = 0;
  let pausedUntil = 0;
  // The slowest probe sent since the last press, so a test (or a reader) can ask "what did that
  // press do?" without reading the chart.
  let pressedAt = 0;
  let peak = 0;

  function probe() {
    const sent = performance.now();
    if (sent < pausedUntil) return;
    const record = { sent, done: null, ms: null, ok: true };
    probes.push(record);
    fetch(config.health, { cache: 'no-store' })
      .then((response) => response.arrayBuffer().then(() => response.ok))
      .catch(() => false)
      .then((ok) => {
        record.done = performance.now();
        record.ms = record.done - record.sent;
        record.ok = ok;
        if (ok) {
          answered += 1;
          if (record.sent >= pressedAt) peak = Math.max(peak, record.ms);
          statusOut.textContent = '';
        } else {
          pausedUntil = record.done + RETRY_AFTER_MS;
          statusOut.textContent = say('down');
        }
      });
  }

  function forget(now) {
    // Answered probes that have left the chart; a probe still waiting stays, it is still news.
    const cutoff = now - WINDOW_MS - 1000;
    while (probes.length && probes[0].done !== null && probes[0].sent < cutoff) probes.shift();
  }

  function p99(now) {
    // A probe still waiting has taken at least its age so far: counting it makes the readout
    // climb during a stall, not only once the stall is over.
    const values = [];
    for (const p of probes) {
      if (p.done === null) values.push(now - p.sent);
      else if (p.ok && p.done >= now - P99_OVER_MS) values.push(p.ms);
    }
    if (!values.length) return null;
    values.sort((a, b) => a - b);
    return values[Math.ceil(values.length * 0.99) - 1];
  }

  function formatMs(ms) {
    if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
    if (ms >= 10) return `${Math.round(ms)} ms`;
    return `${ms.toFixed(1)} ms`;
  }

  function report() {
    const now = performance.now();
    forget(now);
    const value = p99(now);
    p99Out.textContent = value === null ? '…' : formatMs(value);
    figure.dataset.samples = String(answered);
    figure.dataset.p99Ms = value === null ? '' : value.toFixed(1);
    figure.dataset.peakMs = peak.toFixed(1);
    figure.dataset.pending = String(pending);
  }

  // ---- The buttons -----------------------------------------------------------------------
  const marks = []; // { at, label, row }: drawn on the time axis
  let pressed = 0;
  let pending = 0;

  function send(button) {
    const init = { method: button.method, headers: button.headers, cache: 'no-store' };
    if (button.body !== null && button.body !== undefined) init.body = button.body;
    return fetch(button.path, init)
      .then((response) =>
        response
          .json()
          .catch(() => null)
          .then((body) => ({ status: response.status, body })),
      )
      .catch(() => ({ status: 0, body: null }));
  }

  // `2 × POST /calc/7 {"power": 1}`: what a press sends, as a curl user would say it.
  function request(button) {
    const body = button.body ? ` ${button.body}` : '';
    const headers = Object.entries(button.headers || {})
      .filter(([name]) => name.toLowerCase() !== 'content-type')
      .map(([name, value]) => ` (${name}: ${value})`)
      .join('');
    return `${button.count} × ${button.method} ${button.path}${body}${headers}`;
  }

  function summary(results) {
    const counts = new Map();
    for (const { status } of results) counts.set(status, (counts.get(status) || 0) + 1);
    const parts = [...counts].map(([status, n]) => `${n} × ${status === 0 ? say('noAnswer') : status}`);
    const failed = results.find((r) => r.status !== 200 && r.body && r.body.error);
    return parts.join(', ') + (failed ? ` (${failed.body.error})` : '');
  }

  function press(button, element) {
    const at = performance.now();
    pressedAt = at;
    peak = 0;
    const name = pick(button.label);
    marks.push({ at, label: name, row: pressed++ % 2 });
    pending += button.count;
    element.dataset.inFlight = String(Number(element.dataset.inFlight || 0) + button.count);
    element.setAttribute('aria-busy', 'true');
    last.textContent = say('sent', name, request(button));
    const requests = Array.from({ length: button.count }, () => send(button));
    Promise.all(requests).then((results) => {
      pending -= button.count;
      const left = Number(element.dataset.inFlight) - button.count;
      element.dataset.inFlight = String(left);
      if (left === 0) element.removeAttribute('aria-busy');
      const took = formatMs(performance.now() - at);
      last.textContent = say('back', name, summary(results), took);
    });
  }

  for (const button of config.buttons) {
    // A real <button>: focusable, pressed with Enter or Space, announced as a button.
    const element = document.createElement('button');
    element.type = 'button';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = pick(button.label);
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.textContent = button.hint ? pick(button.hint) : request(button);
    element.append(label, hint);
    element.addEventListener('click', () => press(button, element));
    $('buttons').append(element);
  }

  // ---- The watchdog's stalls -------------------------------------------------------------
  // The watchdog's words: `GET /block blocked worker 1 for 2003 ms` (`GET /block 阻塞了工作线程
  // 1，持续 2003 ms`). A stall outside any route is named by where its task was spawned; a stall
  // on a thread that is not a worker, by the thread.
  function describe(stall) {
    let who = say('aThread');
    if (stall.worker !== null && stall.worker !== undefined) who = say('worker', stall.worker);
    else if (stall.thread) who = say('thread', stall.thread);
    const what = stall.route === false ? say('spawnedTask', stall.name) : stall.name;
    const where = stall.route !== false && stall.spawned_at ? say('spawnedAt', stall.spawned_at) : '';
    // The chart shows wall time; the watchdog counts time on a core. Where the OS kept the
    // worker waiting for a core, the line gives the wall time and names the other beside it,
    // so its number and the chart's agree (the watchdog's own log line does the same).
    let ms = Math.round(Number(stall.duration_ms) || 0);
    const wall = Math.round(Number(stall.wall_ms) || 0);
    let core = '';
    if (wall - ms >= Math.max(wall / 10, 1)) {
      core = say('onCore', ms, wall);
      ms = wall;
    }
    return say(stall.ongoing ? 'blocking' : 'blocked', what, who, ms) + core + where;
  }

  async function watchStalls() {
    const section = $('stalls-section');
    const list = $('stalls');
    // No route to ask: the server runs without the watchdog.
    if (!config.events) {
      section.dataset.events = 'off';
      return;
    }
    // Ask with fetch first: an EventSource pointed at a route that does not answer with a
    // stream fails with an error in the console, and the page should work wherever it is
    // mounted. The headers answer the question; the stream itself is left to the EventSource.
    const asking = new AbortController();
    let available = false;
    try {
      const response = await fetch(config.events, {
        cache: 'no-store',
        headers: { Accept: 'text/event-stream' },
        signal: asking.signal,
      });
      const type = response.headers.get('content-type') || '';
      available = response.ok && type.startsWith('text/event-stream');
    } catch (_) {
      available = false;
    }
    asking.abort();
    section.dataset.events = available ? 'on' : 'off';
    if (!available) return;
    section.hidden = false;

    // A stall is reported while it goes on, then once more when it ends: one line for both,
    // found by the stall's id (by its name and worker if the events carry no id).
    const ongoing = new Map();
    const source = new EventSource(config.events);
    source.addEventListener('stall', (event) => {
      let stall;
      try {
        stall = JSON.parse(event.data);
      } catch (_) {
        return;
      }
      if (!stall || typeof stall.name !== 'string') return;
      const key = stall.id !== undefined ? `id ${stall.id}` : `${stall.name} ${stall.worker}`;
      let item = ongoing.get(key);
      if (!item) {
        item = document.createElement('li');
        item.dataset.key = key;
        list.prepend(item);
      }
      item.textContent = describe(stall);
      item.classList.toggle('ongoing', Boolean(stall.ongoing));
      if (stall.ongoing) ongoing.set(key, item);
      else ongoing.delete(key);
      while (list.children.length > MAX_STALLS) {
        const dropped = list.lastElementChild;
        if (ongoing.get(dropped.dataset.key) === dropped) ongoing.delete(dropped.dataset.key);
        dropped.remove();
      }
    });
  }

  // ---- The chart -------------------------------------------------------------------------
  const context = canvas.getContext('2d');
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  let colors = readColors();
  dark.addEventListener('change', () => {
    colors = readColors();
  });

  function readColors() {
    const style = getComputedStyle(document.documentElement);
    const read = (name) => style.getPropertyValue(name).trim();
    return {
      fg: read('--fg'),
      muted: read('--muted'),
      grid: read('--grid'),
      accent: read('--accent'),
      waiting: read('--waiting'),
      bad: read('--bad'),
      mark: read('--mark'),
    };
  }

  const Y_TICKS = [
    [1, '1 ms'],
    [10, '10 ms'],
    [100, '100 ms'],
    [1000, '1 s'],
    [10000, '10 s'],
  ];

  function draw() {
    const now = performance.now();
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const c = context;
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.clearRect(0, 0, width, height);
    c.font = '12px system-ui, sans-serif';

    // Plot area: labels on the left and below, two rows for the presses' labels above.
    const x0 = 60;
    const x1 = width - 10;
    const y0 = 40;
    const y1 = height - 24;
    const x = (t) => x1 - ((now - t) / WINDOW_MS) * (x1 - x0);
    const logMin = Math.log10(Y_MIN_MS);
    const logSpan = Math.log10(Y_MAX_MS) - logMin;
    const y = (ms) => {
      const clipped = Math.min(Math.max(ms, Y_MIN_MS), Y_MAX_MS);
      return y1 - ((Math.log10(clipped) - logMin) / logSpan) * (y1 - y0);
    };

    // Grid and axes.
    c.lineWidth = 1;
    c.strokeStyle = colors.grid;
    c.fillStyle = colors.muted;
    c.textAlign = 'right';
    c.textBaseline = 'middle';
    for (const [ms, text] of Y_TICKS) {
      const at = Math.round(y(ms)) + 0.5;
      c.beginPath();
      c.moveTo(x0, at);
      c.lineTo(x1, at);
      c.stroke();
      c.fillText(text, x0 - 6, at);
    }
    c.textAlign = 'center';
    c.textBaseline = 'top';
    for (let ago = 0; ago <= WINDOW_MS; ago += 5000) {
      const at = Math.round(x(now - ago)) + 0.5;
      c.beginPath();
      c.moveTo(at, y0);
      c.lineTo(at, y1);
      c.stroke();
      const text = ago === 0 ? say('now') : `−${ago / 1000} s`;
      c.textAlign = ago === 0 ? 'right' : ago === WINDOW_MS ? 'left' : 'center';
      c.fillText(text, at, y1 + 6);
    }

    // Presses: a dashed line through the plot and the button's label above it. Labels take
    // turns between two rows so neighbours overlap less.
    c.save();
    c.beginPath();
    c.rect(x0, 0, x1 - x0, height);
    c.clip();
    c.strokeStyle = colors.mark;
    c.fillStyle = colors.mark;
    c.textBaseline = 'top';
    c.textAlign = 'left';
    c.setLineDash([4, 3]);
    for (const mark of marks) {
      const at = Math.round(x(mark.at)) + 0.5;
      c.beginPath();
      c.moveTo(at, mark.row === 0 ? 18 : 34);
      c.lineTo(at, y1);
      c.stroke();
      const textWidth = c.measureText(mark.label).width;
      const left = Math.min(at + 3, x1 - textWidth);
      c.fillText(mark.label, left, mark.row === 0 ? 4 : 20);
    }
    c.setLineDash([]);

    // Probes: a thin line in the order they were sent, then a dot for each.
    c.beginPath();
    let first = true;
    for (const p of probes) {
      const value = p.done === null ? now - p.sent : p.ms;
      if (first) c.moveTo(x(p.sent), y(value));
      else c.lineTo(x(p.sent), y(value));
      first = false;
    }
    c.strokeStyle = colors.accent;
    c.globalAlpha = 0.35;
    c.stroke();
    c.globalAlpha = 1;
    for (const p of probes) {
      const waiting = p.done === null;
      const value = waiting ? now - p.sent : p.ms;
      c.fillStyle = waiting ? colors.waiting : p.ok ? colors.accent : colors.bad;
      c.beginPath();
      c.arc(x(p.sent), y(value), waiting ? 3 : 2.2, 0, 2 * Math.PI);
      c.fill();
    }
    c.restore();

    window.requestAnimationFrame(draw);
  }

  // Marks older than the chart are of no more use.
  setInterval(() => {
    const cutoff = performance.now() - WINDOW_MS - 5000;
    while (marks.length && marks[0].at < cutoff) marks.shift();
  }, 5000);

  setInterval(probe, PROBE_EVERY_MS);
  setInterval(report, 100);
  probe();
  window.requestAnimationFrame(draw);
  watchStalls();
})();
