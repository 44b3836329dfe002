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

  document.title = config.title;
  $('title').textContent = config.title;
  $('intro').textContent = config.intro;

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
          statusOut.textContent = 'the server does not answer';
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
    const parts = [...counts].map(([status, n]) => `${n} × ${status === 0 ? 'no answer' : status}`);
    const failed = results.find((r) => r.status !== 200 && r.body && r.body.error);
    return parts.join(', ') + (failed ? ` (${failed.body.error})` : '');
  }

  function press(button, element) {
    const at = performance.now();
    pressedAt = at;
    peak = 0;
    marks.push({ at, label: button.label, row: pressed++ % 2 });
    pending += button.count;
    element.dataset.inFlight = String(Number(element.dataset.inFlight || 0) + button.count);
    element.setAttribute('aria-busy', 'true');
    last.textContent = `${button.label}: ${request(button)} sent…`;
    const requests = Array.from({ length: button.count }, () => send(button));
    Promise.all(requests).then((results) => {
      pending -= button.count;
      const left = Number(element.dataset.inFlight) - button.count;
      element.dataset.inFlight = String(left);
      if (left === 0) element.removeAttribute('aria-busy');
      const took = formatMs(performance.now() - at);
      last.textContent = `${button.label}: ${summary(results)}, all back after ${took}`;
    });
  }

  for (const button of config.buttons) {
    // A real <button>: focusable, pressed with Enter or Space, announced as a button.
    const element = document.createElement('button');
    element.type = 'button';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = button.label;
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.textContent = button.hint || request(button);
    element.append(label, hint);
    element.addEventListener('click', () => press(button, element));
    $('buttons').append(element);
  }

  // ---- The watchdog's stalls -------------------------------------------------------------
  // The watchdog's words: `GET /block blocked worker 1 for 2003 ms`. A stall outside any route
  // is named by where its task was spawned; a stall on a thread that is not a worker, by the
  // thread.
  function describe(stall) {
    let who = 'a thread';
    if (stall.worker !== null && stall.worker !== undefined) who = `worker ${stall.worker}`;
    else if (stall.thread) who = `thread ${stall.thread}`;
    const what = stall.route === false ? `a task spawned at ${stall.name}` : stall.name;
    const where = stall.route !== false && stall.spawned_at ? ` (task spawned at ${stall.spawned_at})` : '';
    // The chart shows wall time; the watchdog counts time on a core. Where the OS kept the
    // worker waiting for a core, the line gives the wall time and names the other beside it,
    // so its number and the chart's agree (the watchdog's own log line does the same).
    let ms = Math.round(Number(stall.duration_ms) || 0);
    const wall = Math.round(Number(stall.wall_ms) || 0);
    let core = '';
    if (wall - ms >= Math.max(wall / 10, 1)) {
      core = `, on a core ${ms} ms of ${wall} ms`;
      ms = wall;
    }
    return stall.ongoing
      ? `${what} is blocking ${who}: ${ms} ms so far${core}${where}`
      : `${what} blocked ${who} for ${ms} ms${core}${where}`;
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
      const text = ago === 0 ? 'now' : `−${ago / 1000} s`;
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
