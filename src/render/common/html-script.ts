/**
 * The HTML report's inline script: it reads the chart data (html-charts.ts) from the page's
 * JSON element and draws each `[data-chart]` figure as SVG, then marks it `data-drawn="true"`.
 * Plain browser JavaScript, no library. Every label is set with textContent, never parsed as
 * markup. A chart that fails to draw says so in its figure and on the console.
 */
export const chartScript = String.raw`
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('loadlab-data').textContent);

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var key in attrs) node.setAttribute(key, String(attrs[key]));
    if (parent) parent.appendChild(node);
    return node;
  }
  function label(parent, x, y, content, anchor, cls) {
    var node = el('text', { x: x, y: y, 'text-anchor': anchor || 'middle' }, parent);
    if (cls) node.setAttribute('class', cls);
    node.textContent = content;
    return node;
  }
  function tip(node, content) { el('title', {}, node).textContent = content; }

  function grouped(value) { return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  function precise(value) { return value < 10 ? String(+value.toPrecision(2)) : grouped(value); }
  var formats = {
    ms: function (v) {
      if (v === 0) return '0';
      if (v < 1) return +v.toPrecision(2) + ' ms';
      if (v < 1000) return +v.toPrecision(3) + ' ms';
      return +(v / 1000).toPrecision(3) + ' s';
    },
    rps: function (v) { return v >= 100 ? grouped(v) : String(+v.toFixed(1)); },
    cores: function (v) { return Math.round(v * 100) + '%'; },
    share: function (v) { return Math.round(v * 100) + '%'; },
    bytes: function (v) {
      var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], unit = 0;
      while (v >= 1024 && unit < units.length - 1) { v /= 1024; unit += 1; }
      return precise(v) + ' ' + units[unit];
    }
  };

  /** The binary unit (B, KiB, MiB, …) of a number of bytes. */
  function byteUnit(bytes) { return Math.pow(1024, Math.max(0, Math.min(4, Math.floor(Math.log(Math.max(bytes, 1)) / Math.log(1024))))); }

  /** A round step that gives about count intervals over span: 1, 2 or 5 × 10^n. */
  function niceStep(span, count) {
    var raw = span / count, power = Math.pow(10, Math.floor(Math.log10(raw))), n = raw / power;
    return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * power;
  }
  /** unit: ticks are round numbers of it (1 MiB for memory), not of the raw value. */
  function linearAxis(max, from, to, unit) {
    var step = niceStep(max > 0 ? max / unit : 1, 4) * unit, top = Math.max(step, Math.ceil(max / step - 1e-9) * step), ticks = [];
    for (var v = 0; v <= top + step / 2; v += step) ticks.push(+v.toPrecision(12));
    return { ticks: ticks, at: function (value) { return from + (to - from) * (value / top); } };
  }
  function logAxis(min, max, from, to) {
    var lo = Math.floor(Math.log10(min)), hi = Math.ceil(Math.log10(max)), ticks = [];
    if (hi === lo) hi += 1;
    for (var p = lo; p <= hi; p += 1) [1, 2, 5].forEach(function (m) { var v = m * Math.pow(10, p); if (v <= Math.pow(10, hi) * 1.0001) ticks.push(+v.toPrecision(12)); });
    if (hi - lo > 3) ticks = ticks.filter(function (v) { return Math.abs(Math.log10(v) % 1) < 1e-9; });
    return { ticks: ticks, at: function (value) { return from + (to - from) * ((Math.log10(value) - lo) / (hi - lo)); } };
  }

  function legend(figure, items) {
    var list = document.createElement('ul');
    list.className = 'legend';
    items.forEach(function (item) {
      var entry = document.createElement('li'), key = document.createElement('span');
      key.className = 'key k' + (item.color % 8) + (item.dashed ? ' dashed' : '') + (item.box ? ' box' : '') + (item.dot ? ' dot' : '') + (item.symbol ? ' symbol' : '');
      if (item.symbol) key.textContent = item.symbol;
      entry.appendChild(key);
      entry.appendChild(document.createTextNode(item.label));
      list.appendChild(entry);
    });
    figure.appendChild(list);
  }

  /**
   * The drawing's width in user units: the figure's own width in CSS pixels, so that one unit is
   * one pixel and the 11 px labels stay 11 px whether the chart fills half the page or all of it
   * (a fixed 560-unit drawing scaled to a full-width figure doubled its text).
   */
  function widthOf(figure) {
    var style = getComputedStyle(figure);
    var inner = figure.clientWidth - parseFloat(style.paddingLeft || '0') - parseFloat(style.paddingRight || '0');
    return Math.max(320, Math.round(inner || 560));
  }
  /** Keeps a label inside [from, to]: anchored at its end or start when centring it would cross an edge. */
  function keepInside(node, from, to) {
    var width = node.getComputedTextLength ? node.getComputedTextLength() : 0, at = +node.getAttribute('x');
    var anchor = node.getAttribute('text-anchor');
    var lo = anchor === 'start' ? at : anchor === 'end' ? at - width : at - width / 2;
    if (lo + width > to) { node.setAttribute('text-anchor', 'end'); node.setAttribute('x', String(to)); }
    else if (lo < from) { node.setAttribute('text-anchor', 'start'); node.setAttribute('x', String(from)); }
  }

  function drawLine(figure, chart) {
    var W = widthOf(figure), H = 250, left = 66, right = 14, top = 12, bottom = 34;
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': data.scenario + ' · ' + chart.title });
    // in the page from the start, so that labels can be measured
    figure.appendChild(svg);
    var xs = [], ys = [];
    chart.series.forEach(function (s) {
      if (s.until !== null) xs.push(s.until);
      s.points.forEach(function (p) { xs.push(p[0]); if (p[1] !== null && (!chart.log || p[1] > 0)) ys.push(p[1]); });
    });
    chart.guides.forEach(function (g) { ys.push(g.value); });
    var format = formats[chart.unit];
    var y = chart.log && ys.length > 0
      ? logAxis(Math.min.apply(null, ys), Math.max.apply(null, ys), H - bottom, top)
      : linearAxis(ys.length > 0 ? Math.max.apply(null, ys) : 1, H - bottom, top, chart.unit === 'bytes' ? byteUnit(Math.max.apply(null, ys)) : 1);
    var x, xTicks;
    function xText(v) { return (Number.isInteger(v) ? grouped(v) : String(v)) + ' ' + chart.xLabel; }
    if (chart.xCategories) {
      var n = chart.xCategories.length;
      x = function (i) { return left + (W - left - right) * (i + 0.5) / n; };
      xTicks = chart.xCategories.map(function (name, i) { return { at: x(i), text: name }; });
    } else {
      var xMin = xs.length > 0 ? Math.min.apply(null, xs) : 0, xMax = xs.length > 0 ? Math.max.apply(null, xs) : 1;
      xMin = Math.min(0, xMin);
      if (xMax <= xMin) xMax = xMin + 1;
      var step = niceStep(xMax - xMin, 6);
      x = function (v) { return left + (W - left - right) * (v - xMin) / (xMax - xMin); };
      xTicks = [];
      for (var t = Math.ceil(xMin / step) * step; t <= xMax + 1e-9; t += step) xTicks.push({ at: x(t), text: xText(+t.toPrecision(6)) });
    }
    el('rect', { x: left, y: top, width: W - left - right, height: H - top - bottom, 'class': 'plot' }, svg);
    y.ticks.forEach(function (v) {
      if (chart.log && v <= 0) return;
      var at = y.at(v);
      el('path', { d: 'M' + left + ' ' + at + 'H' + (W - right), 'class': 'grid' }, svg);
      keepInside(label(svg, left - 6, at + 4, format(v), 'end'), 0, W);
    });
    xTicks.forEach(function (tick) { keepInside(label(svg, tick.at, H - bottom + 16, tick.text), 0, W); });
    // Labels alternate right and left: two targets close together (100 and 150 ms on a log axis) stay readable.
    chart.guides.forEach(function (g, index) {
      var at = y.at(g.value);
      el('path', { d: 'M' + left + ' ' + at + 'H' + (W - right), 'class': 'guide' }, svg);
      if (index % 2 === 0) keepInside(label(svg, W - right - 4, at - 4, g.label, 'end', 'guide-label'), left, W - right);
      else keepInside(label(svg, left + 4, at + 12, g.label, 'start', 'guide-label'), left, W - right);
    });
    var caption = figure.querySelector('figcaption');
    if (chart.log && caption) {
      var note = document.createElement('span');
      note.className = 'scale';
      note.textContent = ' · log scale';
      caption.appendChild(note);
    }
    // A series with 'until' is per-interval (one value a second): each value is drawn as a step
    // over its interval, the last one until 'until'. Otherwise points are joined by lines.
    chart.series.forEach(function (s) {
      var d = '', pen = false, dots = [];
      s.points.forEach(function (p, i) {
        if (p[1] === null || (chart.log && p[1] <= 0)) { pen = false; return; }
        var at = y.at(p[1]).toFixed(1), from = x(p[0]);
        if (s.until === null) {
          d += (pen ? 'L' : 'M') + from.toFixed(1) + ' ' + at;
          dots.push({ x: from, y: at, where: chart.xCategories ? chart.xCategories[p[0]] : xText(+p[0].toFixed(2)), value: p[1] });
        } else {
          var end = i + 1 < s.points.length ? s.points[i + 1][0] : Math.max(s.until, p[0]);
          d += (pen ? 'L' : 'M') + from.toFixed(1) + ' ' + at + 'L' + x(end).toFixed(1) + ' ' + at;
          dots.push({ x: (from + x(end)) / 2, y: at, where: +p[0].toFixed(2) + '–' + +end.toFixed(2) + ' s', value: p[1] });
        }
        pen = true;
      });
      if (d && !s.dotsOnly) el('path', { d: d, 'class': 'line s' + (s.color % 8) + (s.dashed ? ' dashed' : ''), 'data-series': s.label }, svg);
      if (dots.length <= 40) dots.forEach(function (dot) {
        var mark = el('circle', { cx: dot.x.toFixed(1), cy: dot.y, r: s.dashed ? 2 : s.dotsOnly ? 4 : 3, 'class': s.dotsOnly ? 'open s' + (s.color % 8) : 'f' + (s.color % 8) }, svg);
        tip(mark, s.label + ' · ' + dot.where + ': ' + format(dot.value));
      });
    });
    // Marks (a capacity, a knee): a dotted line down to the x axis and a symbol on the point.
    chart.marks.forEach(function (m) {
      if (m.symbol === 'event') {
        var ex = x(m.x).toFixed(1);
        tip(el('path', { d: 'M' + ex + ' ' + top + 'V' + (H - bottom), 'class': 'event-line s' + (m.color % 8), 'data-mark': 'event' }, svg), m.label);
        return;
      }
      if (chart.log && m.y <= 0) return;
      var mx = x(m.x), my = y.at(m.y), r = 7;
      el('path', { d: 'M' + mx.toFixed(1) + ' ' + my.toFixed(1) + 'V' + (H - bottom), 'class': 'mark-line s' + (m.color % 8) }, svg);
      var d = m.symbol === 'triangle'
        ? 'M' + mx.toFixed(1) + ' ' + (my - r).toFixed(1) + 'L' + (mx + r).toFixed(1) + ' ' + (my + r * 0.7).toFixed(1) + 'L' + (mx - r).toFixed(1) + ' ' + (my + r * 0.7).toFixed(1) + 'Z'
        : 'M' + mx.toFixed(1) + ' ' + (my - r).toFixed(1) + 'L' + (mx + r * 0.8).toFixed(1) + ' ' + my.toFixed(1) + 'L' + mx.toFixed(1) + ' ' + (my + r).toFixed(1) + 'L' + (mx - r * 0.8).toFixed(1) + ' ' + my.toFixed(1) + 'Z';
      tip(el('path', { d: d, 'class': 'mark f' + (m.color % 8), 'data-mark': m.symbol }, svg), m.label);
    });
    legend(figure, chart.series.map(function (s) { return { label: s.label, color: s.color, dashed: s.dashed, dot: s.dotsOnly }; })
      .concat(chart.marks.map(function (m) { return { label: m.label, color: m.color, symbol: m.symbol === 'triangle' ? '▲' : m.symbol === 'event' ? '┆' : '◆' }; })));
  }

  function drawBars(figure, chart) {
    var W = widthOf(figure), left = 150, right = 48, top = 10, bar = 12, gap = 3, groupGap = 12, header = 18;
    var rows = 0;
    chart.groups.forEach(function (g) { rows += g.rows.length; });
    var height = top + chart.groups.length * (header + groupGap) + rows * (chart.legend.length * (bar + gap) + 6) + 22;
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + height, role: 'img', 'aria-label': data.scenario + ' · ' + chart.title });
    var x = function (share) { return left + (W - left - right) * share; };
    var bottom = height - 22;
    el('rect', { x: left, y: top, width: W - left - right, height: bottom - top, 'class': 'plot' }, svg);
    [0, 0.25, 0.5, 0.75, 1].forEach(function (v) {
      el('path', { d: 'M' + x(v) + ' ' + top + 'V' + bottom, 'class': 'grid' }, svg);
      label(svg, x(v), bottom + 15, formats.share(v));
    });
    var at = top + 4;
    chart.groups.forEach(function (g) {
      label(svg, 8, at + 12, g.label, 'start', 'group');
      var start = at + header - 2;
      at += header;
      g.rows.forEach(function (row) {
        label(svg, left - 8, at + (chart.legend.length * (bar + gap)) / 2 + 3, row.label, 'end');
        row.values.forEach(function (value, i) {
          if (value === null) { label(svg, left + 4, at + bar - 2, chart.legend[i] + ': n/a', 'start'); }
          else {
            var rect = el('rect', { x: left, y: at, width: Math.max(1, x(value) - left).toFixed(1), height: bar, rx: 2, 'class': 'f' + (i % 8) }, svg);
            tip(rect, g.label + ' · ' + row.label + ' · ' + chart.legend[i] + ': ' + formats.share(value));
            label(svg, x(value) + 4, at + bar - 2, formats.share(value), 'start');
          }
          at += bar + gap;
        });
        at += 6;
      });
      var fair = el('path', { d: 'M' + x(g.fairShare).toFixed(1) + ' ' + start + 'V' + (at - 4), 'class': 'fair' }, svg);
      tip(fair, 'fair share ' + formats.share(g.fairShare));
      at += groupGap;
    });
    figure.appendChild(svg);
    legend(figure, chart.legend.map(function (name, i) { return { label: name, color: i, box: true }; }).concat([{ label: 'fair share (dotted)', color: 7, dashed: true }]));
  }

  var figures = document.querySelectorAll('[data-chart]');
  for (var i = 0; i < figures.length; i += 1) {
    var figure = figures[i], chart = data.charts[figure.getAttribute('data-chart-id')];
    try {
      if (!chart) throw new Error('no data for chart ' + figure.getAttribute('data-chart-id'));
      if (chart.type === 'bars') drawBars(figure, chart); else drawLine(figure, chart);
      figure.setAttribute('data-drawn', 'true');
    } catch (error) {
      var message = document.createElement('p');
      message.className = 'muted';
      message.textContent = 'This chart could not be drawn: ' + error.message;
      figure.appendChild(message);
      console.error(error);
    }
  }
})();
`;
