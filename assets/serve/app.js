// The page of `gwlint serve`: sends the pasted text or the dropped file to
// the local server, shows the text with every finding highlighted in place
// (offsets from the server are UTF-16 code units, as JavaScript strings are
// indexed), lists findings by category, applies safe fixes, downloads the
// corrected text. No request leaves this machine.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const MAX = Number(document.body.dataset.maxRequest);
  const PASTED = '粘贴的文本.txt';
  const SEVERITY_RANK = { info: 0, warning: 1, error: 2 };

  const state = {
    name: PASTED, // name of the file the text came from (for downloads)
    result: null, // last answer of the server
    applied: 0, // safe fixes applied to this text so far
    seq: 0, // number of the latest request; older answers are dropped
    pinned: null, // the highlight whose explanation stays open
  };
  let timer = null;

  function mb(n) {
    return (n / 1024 / 1024).toFixed(1) + ' MB';
  }

  function setStatus(message, kind) {
    const s = $('status');
    s.textContent = message;
    s.className = kind || '';
  }

  // The name under which text from the input box is sent: always plain text.
  function textName() {
    const base = state.name.replace(/\.[^.]*$/, '');
    return (base || '粘贴的文本') + '.txt';
  }

  async function post(path, body, name) {
    const url = path + '?name=' + encodeURIComponent(name);
    let resp;
    try {
      resp = await fetch(url, {
        method: 'POST',
        body: body,
        headers: { 'Content-Type': 'application/octet-stream' },
      });
    } catch (e) {
      throw new Error('无法连接到 gwlint serve：服务是否已停止？');
    }
    let data = null;
    try {
      data = await resp.json();
    } catch (e) {
      throw new Error('服务器返回了无法识别的内容（HTTP ' + resp.status + '）');
    }
    if (!resp.ok) throw new Error(data.error || '请求失败（HTTP ' + resp.status + '）');
    return data;
  }

  function sizeOf(body) {
    return typeof body === 'string' ? new Blob([body]).size : body.size;
  }

  // Check `body` (a string or a File) under `name`; `fromFile` replaces the
  // input box with the text the server read (a .docx becomes its paragraphs).
  async function check(body, name, fromFile) {
    const seq = ++state.seq;
    const size = sizeOf(body);
    if (size > MAX) {
      setStatus('内容过大（' + mb(size) + '），超过了 ' + mb(MAX) + ' 的上限，未检查', 'error');
      return;
    }
    setStatus('正在检查……', 'busy');
    try {
      const data = await post('/api/check', body, name);
      if (seq !== state.seq) return;
      if (fromFile) {
        state.name = name;
        state.applied = 0;
        $('input').value = data.text;
      }
      show(data);
      setStatus(summary(data), data.diagnostics.length ? '' : 'ok');
    } catch (e) {
      if (seq === state.seq) {
        setStatus(e.message, 'error');
        document.body.dataset.error = e.message;
      }
    }
  }

  function summary(data) {
    const s = data.summary;
    const n = data.diagnostics.length;
    const where = '“' + data.name + '”' + (data.encoding === 'docx' ? '（Word 文档，每段为一行）' : '');
    if (!n) return where + '：共 ' + data.notices + ' 篇公文，未发现问题。';
    const parts = [];
    if (s.errors) parts.push('错误 ' + s.errors);
    if (s.warnings) parts.push('警告 ' + s.warnings);
    if (s.infos) parts.push('提示 ' + s.infos);
    let text = where + '：共 ' + data.notices + ' 篇公文，发现 ' + n + ' 个问题（' + parts.join('，') + '）';
    text += s.safe_fixes ? '，其中 ' + s.safe_fixes + ' 个可以自动修复。' : '。';
    return text;
  }

  function show(data) {
    state.result = data;
    state.pinned = null;
    hideTip();
    $('docname').textContent = data.name;
    $('count').textContent = data.diagnostics.length ? '（' + data.diagnostics.length + '）' : '';
    renderDoc(data);
    renderList(data);
    $('fix').disabled = data.summary.safe_fixes === 0;
    $('download').disabled = data.text.length === 0;
    document.body.dataset.rendered = String(Number(document.body.dataset.rendered) + 1);
    delete document.body.dataset.error;
  }

  function worst(indices, diags) {
    let best = 'info';
    for (const i of indices) {
      if (SEVERITY_RANK[diags[i].severity] > SEVERITY_RANK[best]) best = diags[i].severity;
    }
    return best;
  }

  // The text cut at every highlight boundary; each piece covered by
  // findings is a <span class="hl" data-diags="i j …">. Findings on no
  // character (a missing part) are a marker at their position.
  function renderDoc(data) {
    const doc = $('doc');
    const text = data.text;
    const diags = data.diagnostics;
    doc.textContent = '';
    if (!text) {
      doc.innerHTML = '<p class="empty">（空白文本）</p>';
      return;
    }
    const points = new Set([0, text.length]);
    const gaps = new Map();
    diags.forEach((d, i) => {
      points.add(d.from);
      points.add(d.to);
      if (d.from === d.to) {
        if (!gaps.has(d.from)) gaps.set(d.from, []);
        gaps.get(d.from).push(i);
      }
    });
    const cuts = Array.from(points).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    const addGaps = (at) => {
      const here = gaps.get(at);
      if (!here) return;
      const g = document.createElement('span');
      g.className = 'gap sev-' + worst(here, diags);
      g.dataset.diags = here.join(' ');
      frag.appendChild(g);
    };
    for (let k = 0; k + 1 < cuts.length; k++) {
      const a = cuts[k];
      const b = cuts[k + 1];
      addGaps(a);
      const piece = text.slice(a, b).replace(/\r/g, '');
      const covering = [];
      diags.forEach((d, i) => {
        if (d.from < d.to && d.from <= a && d.to >= b) covering.push(i);
      });
      if (!covering.length) {
        frag.appendChild(document.createTextNode(piece));
        continue;
      }
      const span = document.createElement('span');
      span.className = 'hl sev-' + worst(covering, diags);
      span.dataset.diags = covering.join(' ');
      span.textContent = piece;
      frag.appendChild(span);
    }
    addGaps(text.length);
    doc.appendChild(frag);
  }

  function renderList(data) {
    const groups = $('groups');
    groups.textContent = '';
    const diags = data.diagnostics;
    if (!diags.length) {
      groups.innerHTML = '<p class="empty">没有发现问题。</p>';
      return;
    }
    const byCategory = new Map();
    diags.forEach((d, i) => {
      if (!byCategory.has(d.category)) byCategory.set(d.category, []);
      byCategory.get(d.category).push(i);
    });
    for (const [category, items] of byCategory) {
      const box = document.createElement('section');
      box.className = 'group';
      box.dataset.category = category;
      const h = document.createElement('h3');
      h.textContent = diags[items[0]].category_label + ' ';
      const n = document.createElement('span');
      n.className = 'n';
      n.textContent = '（' + items.length + '）';
      h.appendChild(n);
      box.appendChild(h);
      const ol = document.createElement('ol');
      for (const i of items) {
        const d = diags[i];
        const li = document.createElement('li');
        li.dataset.i = String(i);
        li.dataset.rule = d.rule;
        li.appendChild(badge(d));
        const where = document.createElement('span');
        where.className = 'where';
        where.textContent = '第 ' + d.line + ' 行第 ' + d.column + ' 字';
        li.appendChild(where);
        li.appendChild(document.createTextNode(d.message));
        if (d.safe_fix) {
          const f = document.createElement('span');
          f.className = 'fixmark';
          f.textContent = '可自动修复';
          li.appendChild(f);
        }
        li.addEventListener('click', () => focusFinding(i));
        ol.appendChild(li);
      }
      box.appendChild(ol);
      groups.appendChild(box);
    }
  }

  function badge(d) {
    const b = document.createElement('span');
    b.className = 'badge sev-' + d.severity;
    b.textContent = d.severity_label;
    return b;
  }

  function marksOf(i) {
    return Array.from($('doc').querySelectorAll('[data-diags]')).filter((el) =>
      el.dataset.diags.split(' ').includes(String(i))
    );
  }

  function focusFinding(i) {
    const marks = marksOf(i);
    if (!marks.length) return;
    marks[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
    for (const m of marks) {
      m.classList.remove('flash');
      void m.offsetWidth; // restart the animation
      m.classList.add('flash');
    }
    pin(marks[0], [i]);
  }

  function indicesOf(el) {
    return el.dataset.diags.split(' ').map(Number);
  }

  function showTip(el, indices) {
    const diags = state.result.diagnostics;
    const tip = $('tip');
    tip.textContent = '';
    for (const i of indices) {
      const d = diags[i];
      const item = document.createElement('div');
      item.className = 'item';
      const msg = document.createElement('div');
      msg.className = 'msg';
      msg.appendChild(badge(d));
      msg.appendChild(document.createTextNode(d.message));
      item.appendChild(msg);
      if (d.help) {
        const help = document.createElement('div');
        help.className = 'help';
        help.textContent = d.help;
        item.appendChild(help);
      }
      if (d.fix) {
        const s = document.createElement('div');
        s.className = 'suggest';
        s.textContent =
          '建议改为：“' + d.fix.replacement + '”' + (d.fix.safe ? '（可自动修复）' : '（需人工确认）');
        item.appendChild(s);
      }
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent =
        d.category_label + ' · ' + d.rule + (d.reference ? ' · 依据：' + d.reference : '') +
        ' · 第 ' + d.line + ' 行第 ' + d.column + ' 字';
      item.appendChild(meta);
      tip.appendChild(item);
    }
    tip.hidden = false;
    const r = el.getBoundingClientRect();
    const left = Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(8, left) + 'px';
    tip.style.top = window.scrollY + r.bottom + 6 + 'px';
  }

  function hideTip() {
    $('tip').hidden = true;
    for (const el of document.querySelectorAll('.active')) el.classList.remove('active');
  }

  function pin(el, indices) {
    hideTip();
    state.pinned = el;
    el.classList.add('active');
    for (const i of indices) {
      const li = document.querySelector('#groups li[data-i="' + i + '"]');
      if (li) {
        li.classList.add('active');
        li.scrollIntoView({ block: 'nearest' });
      }
    }
    showTip(el, indices);
  }

  const doc = $('doc');
  doc.addEventListener('mouseover', (e) => {
    const el = e.target.closest('[data-diags]');
    if (el && !state.pinned) showTip(el, indicesOf(el));
  });
  doc.addEventListener('mouseout', (e) => {
    const el = e.target.closest('[data-diags]');
    if (el && !state.pinned) hideTip();
  });
  doc.addEventListener('click', (e) => {
    const el = e.target.closest('[data-diags]');
    if (!el || state.pinned === el) {
      state.pinned = null;
      hideTip();
      return;
    }
    pin(el, indicesOf(el));
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      state.pinned = null;
      hideTip();
    }
  });

  $('input').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const text = $('input').value;
      if (!text.trim()) return;
      check(text, textName(), false);
    }, 400);
  });

  $('file').addEventListener('change', (e) => {
    const f = e.target.files[0];
    if (f) check(f, f.name, true);
    e.target.value = '';
  });

  let dragDepth = 0;
  document.addEventListener('dragenter', (e) => {
    e.preventDefault();
    dragDepth++;
    $('dropzone').hidden = false;
  });
  document.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (!dragDepth) $('dropzone').hidden = true;
  });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    $('dropzone').hidden = true;
    const f = e.dataTransfer && e.dataTransfer.files[0];
    if (f) check(f, f.name, true);
  });

  $('fix').addEventListener('click', async () => {
    const text = $('input').value;
    const seq = ++state.seq;
    $('fix').disabled = true;
    setStatus('正在应用安全修复……', 'busy');
    try {
      const data = await post('/api/fix', text, textName());
      if (seq !== state.seq) return;
      $('input').value = data.text;
      state.applied += data.fixed.applied;
      show(data);
      let msg = '已应用 ' + data.fixed.applied + ' 处安全修复。';
      msg += data.diagnostics.length
        ? '仍有 ' + data.diagnostics.length + ' 个问题需要人工处理。'
        : '没有剩余问题。';
      if (!data.fixed.converged) msg += '（部分修复相互冲突，请检查结果）';
      setStatus(msg, 'ok');
    } catch (e) {
      if (seq === state.seq) setStatus(e.message, 'error');
      $('fix').disabled = false;
    }
  });

  $('download').addEventListener('click', () => {
    // With a byte order mark, so that Notepad, Word and WPS open it as UTF-8.
    const blob = new Blob(['\ufeff' + $('input').value], { type: 'text/plain;charset=utf-8' });
    const a = document.createElement('a');
    const base = state.name.replace(/\.[^.]*$/, '') || '公文';
    a.download = base + (state.applied ? '（已修正）' : '') + '.txt';
    a.href = URL.createObjectURL(blob);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
})();
