// rollgate pages: progressive enhancement only (every page works without this file).
// 1. the overview filters as you type; 2. the graph highlights a service's integrations on hover/focus, zooms and pans;
// 3. the environment what-if asks /can-i-rollback as services are ticked and renders the answer.
// Everything from the server is inserted as text (textContent), never as markup.
(() => {
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    (children || []).forEach((c) => {
      if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  // 1. Overview live filter.
  var form = document.querySelector('form[data-live-filter="overview"]');
  if (form) {
    var nameInput = form.querySelector('input[name="q"]');
    var envSelect = form.querySelector('select[name="environment"]');
    var rows = document.querySelectorAll('table[data-filterable] tbody tr');
    var count = document.querySelector('[data-count]');
    var apply = () => {
      var n = nameInput.value.trim().toLowerCase();
      var env = envSelect.value;
      var shown = 0;
      rows.forEach((r) => {
        var ok =
          (!n || r.getAttribute('data-name').indexOf(n) !== -1) &&
          (!env || r.getAttribute('data-envs').split('\n').indexOf(env) !== -1);
        r.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = String(shown);
    };
    nameInput.addEventListener('input', apply);
    envSelect.addEventListener('change', apply);
  }

  // 2. Graph (issue 19): a service's integrations highlighted on hover/focus; zoom (buttons, Ctrl+wheel), zoom to
  // fit, pan by dragging; the focus picker goes to the service chosen from its list.
  var picker = document.querySelector('input[data-graph-picker]');
  if (picker?.form) {
    var known = {};
    var options = document.getElementById(picker.getAttribute('list'));
    if (options)
      options.querySelectorAll('option').forEach((o) => {
        known[o.value] = true;
      });
    picker.addEventListener('input', (ev) => {
      // A choice from the list (no inputType, or a replacement) navigates; typing letters does not.
      if ((!ev.inputType || ev.inputType === 'insertReplacementText') && known[picker.value] === true)
        picker.form.requestSubmit();
    });
  }
  var graph = document.querySelector('svg.graph');
  if (graph) {
    var edges = graph.querySelectorAll('.edge, .bundle');
    var on = (s) => {
      edges.forEach((e) => {
        var mine = e.getAttribute('data-c') === s || e.getAttribute('data-p') === s;
        e.classList.toggle('hl', mine);
        e.classList.toggle('dim', !mine);
      });
    };
    var off = () => {
      edges.forEach((e) => {
        e.classList.remove('hl', 'dim');
      });
    };
    graph.querySelectorAll('.node').forEach((n) => {
      var s = n.getAttribute('data-s');
      n.addEventListener('mouseenter', () => {
        on(s);
      });
      n.addEventListener('focus', () => {
        on(s);
      });
      n.addEventListener('mouseleave', off);
      n.addEventListener('blur', off);
    });
    var wrap = graph.closest('.graph-wrap');
    var tools = document.querySelector('[data-graph-tools]');
    var W = Number(graph.getAttribute('data-width'));
    var H = Number(graph.getAttribute('data-height'));
    var level = document.querySelector('[data-zoom-level]');
    var scale = 1;
    // Zooms keeping the graph point under (cx, cy) of the wrap's view where it is.
    var zoom = (s, cx, cy) => {
      s = Math.max(0.1, Math.min(4, s));
      var x = cx === undefined ? wrap.clientWidth / 2 : cx;
      var y = cy === undefined ? wrap.clientHeight / 2 : cy;
      var gx = (wrap.scrollLeft + x) / scale;
      var gy = (wrap.scrollTop + y) / scale;
      scale = s;
      graph.setAttribute('width', String(Math.round(W * s)));
      graph.setAttribute('height', String(Math.round(H * s)));
      graph.setAttribute('data-scale', String(Math.round(s * 1000) / 1000));
      wrap.scrollLeft = gx * s - x;
      wrap.scrollTop = gy * s - y;
      if (level) level.textContent = `${Math.round(s * 100)}%`;
    };
    var room = () => {
      var max = parseFloat(getComputedStyle(wrap).maxHeight);
      return { w: wrap.clientWidth, h: Number.isFinite(max) ? max : wrap.clientHeight };
    };
    var fitScale = () => {
      var r = room();
      return Math.min(1, r.w / W, r.h / H);
    };
    var toFit = () => {
      zoom(fitScale());
      wrap.scrollLeft = 0;
      wrap.scrollTop = 0;
    };
    if (wrap && tools && W && H) {
      tools.hidden = false;
      tools.addEventListener('click', (ev) => {
        var b = ev.target.closest('button[data-zoom]');
        if (!b) return;
        var how = b.getAttribute('data-zoom');
        if (how === 'in') zoom(scale * 1.25);
        else if (how === 'out') zoom(scale / 1.25);
        else if (how === 'fit') toFit();
        else zoom(1);
      });
      wrap.addEventListener(
        'wheel',
        (ev) => {
          if (!ev.ctrlKey) return;
          ev.preventDefault();
          var box = wrap.getBoundingClientRect();
          zoom(scale * (ev.deltaY < 0 ? 1.15 : 1 / 1.15), ev.clientX - box.left, ev.clientY - box.top);
        },
        { passive: false },
      );
      // Pan: drag anywhere but on a service (a link).
      var drag = null;
      wrap.setAttribute('data-pannable', '');
      wrap.addEventListener('pointerdown', (ev) => {
        if (ev.button !== 0 || ev.target.closest('a')) return;
        drag = { x: ev.clientX, y: ev.clientY, left: wrap.scrollLeft, top: wrap.scrollTop };
        wrap.setPointerCapture(ev.pointerId);
        wrap.classList.add('panning');
      });
      wrap.addEventListener('pointermove', (ev) => {
        if (!drag) return;
        wrap.scrollLeft = drag.left - (ev.clientX - drag.x);
        wrap.scrollTop = drag.top - (ev.clientY - drag.y);
      });
      var stop = () => {
        drag = null;
        wrap.classList.remove('panning');
      };
      wrap.addEventListener('pointerup', stop);
      wrap.addEventListener('pointercancel', stop);
      // Opens fitted when that keeps labels legible (at least 55%); otherwise at 55%, the rest a pan away.
      zoom(Math.max(0.55, fitScale()));
    }
    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target?.scrollIntoView) target.scrollIntoView({ block: 'center', inline: 'center' });
    }
  }

  // 3. What-if (environment page, issue 19: the answer opens beside the ticked row; the live region holds only the
  // one-line verdict; the lists are the API's capped ones, each with "N more" and a link to the full answer).
  var whatif = document.getElementById('whatif');
  if (whatif) {
    var environment = whatif.getAttribute('data-environment');
    var columns = whatif.getAttribute('data-columns') || '8';
    var boxes = whatif.querySelectorAll('input[type="checkbox"][name="pacticipant"]');
    var verdictLive = document.getElementById('whatif-verdict');
    var result = document.getElementById('whatif-result');
    var anchorRow = null;
    var seq = 0;
    var SHOWN = 10;
    var NAMES = 20;
    var LONG = 400;
    var fmt = (k) => Number(k).toLocaleString('en');
    var list = (names) =>
      names.length <= 1 ? names[0] || '' : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    var pairText = (p) =>
      p.consumer.name +
      ' ' +
      p.consumer.version +
      ' → ' +
      p.provider.name +
      ' ' +
      p.provider.version +
      ' (' +
      p.verdict +
      ')';
    // What failed in a failed verification (the answer's `failures`), as the server renders it (ui/failures.ts).
    var failuresList = (r) => {
      var f = r.failures;
      if (!f || !Array.isArray(f.interactions)) return null;
      var items = f.interactions.map((i) =>
        el('li', null, [
          el('strong', null, [String(i.description)]),
          i.providerState ? el('span', { class: 'muted' }, [` given ${i.providerState}`]) : null,
          el(
            'ul',
            null,
            (i.mismatches || [])
              .map((m) => {
                var where = [m.attribute, m.path].filter(Boolean).join(' ');
                return el('li', null, [where ? el('code', null, [where]) : null, `${where ? ' ' : ''}${m.message}`]);
              })
              .concat(i.more ? [el('li', { class: 'muted' }, [`and ${i.more} more`])] : []),
          ),
        ]),
      );
      if (f.moreInteractions)
        items.push(el('li', { class: 'muted' }, [`and ${f.moreInteractions} more failed interaction(s)`]));
      return el('div', { class: 'failures' }, [
        el('ul', null, items),
        typeof r.verificationResult === 'string'
          ? el('a', { href: r.verificationResult }, ['the whole verification result'])
          : null,
      ]);
    };
    var reasonText = (r) => (typeof r.message === 'string' ? r.message : r.id);
    var verdictWords = (p) => {
      if (p.verdict === 'incompatible')
        return [
          'v-bad',
          '✗',
          p.evidence === 'openapi' ? 'incompatible (OpenAPI)' : 'incompatible (verification failed)',
        ];
      if (p.verdict === 'unknown') return ['v-unk', '?', 'unknown'];
      if (p.evidence === 'subsumption') return ['v-sub', '⊇', 'compatible by subsumption'];
      if (p.evidence === 'openapi') return ['v-oas', '◇', 'compatible by OpenAPI'];
      return ['v-ok', '✓', 'verified'];
    };
    var ticked = () => {
      var names = [];
      boxes.forEach((b) => {
        if (b.checked) names.push(b.value);
      });
      whatif.querySelectorAll('input[data-ticked-elsewhere]').forEach((h) => {
        if (names.indexOf(h.value) === -1) names.push(h.value);
      });
      return names;
    };
    var oneLine = (a) => {
      var names = [];
      a.targets.forEach((t) => {
        if (names.indexOf(t.pacticipant) === -1) names.push(t.pacticipant);
      });
      var who =
        names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${fmt(names.length - 3)} more` : names.join(', ');
      var s = a.summary;
      return (
        (s.rollbackable ? 'Safe' : 'Not safe') +
        ' to roll back ' +
        who +
        ': ' +
        fmt(s.incompatible) +
        ' incompatible, ' +
        fmt(s.unknown) +
        ' unknown of ' +
        fmt(s.compatible + s.incompatible + s.unknown) +
        ' pairs.'
      );
    };
    var moreLine = (k, what, full) =>
      k > 0
        ? el('p', { class: 'muted', 'data-more': what }, [
            `${fmt(k)} more ${what}: `,
            el('a', { href: full }, ['the full answer']),
          ])
        : null;
    // Broken pairs grouped by the other service (the end not rolled back, else the provider) and the evidence.
    var pairGroups = (pairs, targets) => {
      var groups = [];
      var byKey = {};
      pairs.forEach((p) => {
        var c = targets.indexOf(p.consumer.name) !== -1;
        var pr = targets.indexOf(p.provider.name) !== -1;
        var other =
          c && !pr ? p.provider.name : p.consumer.name === p.provider.name || !c ? p.consumer.name : p.provider.name;
        var evidence = p.evidence === 'none' ? 'no evidence' : p.evidence;
        var k = `${other}\n${evidence}`;
        if (!byKey[k]) {
          byKey[k] = { other: other, evidence: evidence, pairs: [] };
          groups.push(byKey[k]);
        }
        byKey[k].pairs.push(p);
      });
      var frag = document.createDocumentFragment();
      groups.forEach((g) => {
        frag.appendChild(
          el('h4', { class: 'pair-group' }, [
            `${g.other}: ${g.evidence} (${fmt(g.pairs.length)} pair${g.pairs.length === 1 ? '' : 's'})`,
          ]),
        );
        frag.appendChild(
          el(
            'ul',
            { class: 'pairs' },
            g.pairs.map((p) => {
              var w = verdictWords(p);
              return el('li', null, [
                el('span', { class: `badge ${w[0]}` }, [el('span', { 'aria-hidden': 'true' }, [w[1]]), ` ${w[2]}`]),
                ` ${p.consumer.name} `,
                el('code', null, [p.consumer.version]),
                ` → ${p.provider.name} `,
                el('code', null, [p.provider.version]),
                p.verificationRequestedAt
                  ? el('span', { class: 'muted' }, [` (verification requested at ${p.verificationRequestedAt})`])
                  : null,
                el(
                  'ul',
                  null,
                  (p.reasons || []).map((r) => el('li', null, [reasonText(r), failuresList(r)])),
                ),
              ]);
            }),
          ),
        );
      });
      return frag;
    };
    var render = (a, full) => {
      var frag = document.createDocumentFragment();
      var safe = a.summary.rollbackable;
      var more = a.more || {};
      var targets = [];
      a.targets.forEach((t) => {
        if (targets.indexOf(t.pacticipant) === -1) targets.push(t.pacticipant);
      });
      frag.appendChild(
        el('h2', null, [
          el('span', { class: safe ? 'v-ok' : 'v-bad' }, [
            el('span', { 'aria-hidden': 'true' }, [safe ? '✓' : '✗']),
            safe ? ' Safe to roll back' : ' Not safe to roll back',
          ]),
        ]),
      );
      // A reason naming hundreds of services is cut to its start; the whole one is in the full answer.
      var reason = a.summary.reason;
      frag.appendChild(
        el('p', { 'data-reason': '' }, [
          reason.length > LONG ? `${reason.slice(0, LONG - 40).replace(/[ ,]+[^ ]*$/, '')} …` : reason,
        ]),
      );
      frag.appendChild(
        el('p', null, [
          a.summary.compatible +
            ' compatible, ' +
            a.summary.incompatible +
            ' incompatible, ' +
            a.summary.unknown +
            ' unknown pair(s).',
        ]),
      );
      frag.appendChild(el('h3', null, ['Targets']));
      frag.appendChild(
        el(
          'ul',
          null,
          a.targets.map((t) =>
            el('li', null, [
              `${t.pacticipant + (t.applicationInstance ? ` (${t.applicationInstance})` : '')}: `,
              el('code', null, [t.from]),
              ' → ',
              t.to === null ? el('strong', null, ['nothing to roll back to']) : el('code', null, [t.to]),
            ]),
          ),
        ),
      );
      var broken = a.pairs.filter((p) => p.verdict !== 'compatible');
      if (broken.length) {
        frag.appendChild(el('h3', null, ['Broken pairs']));
        frag.appendChild(pairGroups(broken, targets));
        var mp = moreLine(more.pairs || 0, 'pairs', full);
        if (mp) frag.appendChild(mp);
      }
      frag.appendChild(el('h3', null, ['Smallest safe set']));
      frag.appendChild(
        el('p', { 'data-minimal': '' }, [
          a.minimalSafeSet === null
            ? 'none: no safe rollback contains these services'
            : a.minimalSafeSet.length > NAMES
              ? `${fmt(a.minimalSafeSet.length)} services: ${a.minimalSafeSet.slice(0, NAMES).join(', ')} and ${fmt(a.minimalSafeSet.length - NAMES)} more`
              : list(a.minimalSafeSet),
        ]),
      );
      if (!safe && a.minimalSafeSet) {
        var pick = el('button', { type: 'button', class: 'secondary', 'data-select-minimal': '' }, [
          'Tick the smallest safe set',
        ]);
        pick.addEventListener('click', () => {
          var wanted = a.minimalSafeSet;
          boxes.forEach((b) => {
            b.checked = wanted.indexOf(b.value) !== -1;
          });
          whatif.querySelectorAll('input[data-ticked-elsewhere]').forEach((h) => {
            h.remove();
          });
          wanted.forEach((name) => {
            var here = false;
            boxes.forEach((b) => {
              if (b.value === name) here = true;
            });
            if (!here)
              whatif.appendChild(
                el('input', { type: 'hidden', name: 'pacticipant', value: name, 'data-ticked-elsewhere': '' }),
              );
          });
          ask();
        });
        frag.appendChild(el('p', null, [pick]));
      }
      if (a.plan.length) {
        frag.appendChild(el('h3', null, ['Plan']));
        frag.appendChild(
          el(
            'ol',
            { class: 'plan' },
            a.plan.map((s) => {
              var parts = [`Step ${s.step}: `];
              s.pacticipants.slice(0, NAMES).forEach((p, i) => {
                parts.push(
                  `${(i ? ', ' : '') + p.name + (p.applicationInstance ? ` (${p.applicationInstance})` : '')} `,
                  el('code', null, [p.from]),
                  ' → ',
                  el('code', null, [p.to]),
                );
              });
              if (s.pacticipants.length > NAMES) parts.push(` and ${fmt(s.pacticipants.length - NAMES)} more`);
              return el('li', null, parts);
            }),
          ),
        );
      }
      // The summary reason is the first; the rest say why, about the ticked services first (the API orders them).
      var why = (a.reasons || []).slice(1);
      if (why.length) {
        frag.appendChild(el('h3', null, ['Why']));
        frag.appendChild(
          el(
            'ul',
            { class: 'why' },
            why.slice(0, SHOWN).map((r) => el('li', null, [reasonText(r)])),
          ),
        );
        var mr = moreLine((more.reasons || 0) + Math.max(0, why.length - SHOWN), 'reasons', full);
        if (mr) frag.appendChild(mr);
      }
      // What rolling back removes from a provider's API (issue 20): for clients without a pact.
      var warnings = a.warnings || [];
      var api = warnings.filter((w) => w.id === 'api-removed-on-rollback');
      var alreadyBroken = warnings.filter((w) => w.id !== 'api-removed-on-rollback');
      if (api.length) {
        frag.appendChild(el('h3', null, ['API removed by the rollback']));
        frag.appendChild(
          el(
            'ul',
            { 'data-api-removed': '' },
            api.map((w) => el('li', null, [w.message])),
          ),
        );
      }
      if (alreadyBroken.length) {
        frag.appendChild(el('h3', null, ['Warnings (already broken)']));
        frag.appendChild(
          el(
            'ul',
            null,
            alreadyBroken.slice(0, SHOWN).map((w) => el('li', null, [pairText(w)])),
          ),
        );
      }
      var mw = moreLine((more.warnings || 0) + Math.max(0, alreadyBroken.length - SHOWN), 'warnings', full);
      if (mw) frag.appendChild(mw);
      return frag;
    };
    // The answer goes in a row right after the row last ticked (or the last ticked row on the page), else above the list.
    var place = () => {
      if (!result) {
        result = el('section', { id: 'whatif-result', class: 'whatif-result', 'aria-label': 'What-if answer' });
      }
      var row = anchorRow?.isConnected ? anchorRow : null;
      if (!row)
        boxes.forEach((b) => {
          if (b.checked) row = b.closest('tr');
        });
      var holder = whatif.querySelector('tr.whatif-row');
      if (row) {
        if (!holder) {
          holder = el('tr', { class: 'whatif-row' }, [el('td', { colspan: columns })]);
        }
        if (row.nextElementSibling !== holder) row.after(holder);
        holder.firstChild.appendChild(result);
      } else {
        if (holder) holder.remove();
        var table = whatif.querySelector('table');
        if (table && result.nextElementSibling !== table) table.before(result);
      }
    };
    var ask = () => {
      var names = ticked();
      var mine = ++seq;
      var kept = new URLSearchParams(location.search);
      kept.delete('pacticipant');
      names.forEach((n) => {
        kept.append('pacticipant', n);
      });
      if (!names.length) {
        if (result) result.remove();
        var holder = whatif.querySelector('tr.whatif-row');
        if (holder) holder.remove();
        result = null;
        if (verdictLive)
          verdictLive.textContent = 'Tick services in the list to ask whether rolling them back is safe.';
        history.replaceState(null, '', location.pathname + (kept.toString() ? `?${kept}` : ''));
        return;
      }
      var qs =
        'environment=' +
        encodeURIComponent(environment) +
        names.map((n) => `&pacticipant=${encodeURIComponent(n)}`).join('');
      place();
      result.setAttribute('aria-busy', 'true');
      fetch(`/can-i-rollback?${qs}`, { headers: { Accept: 'application/hal+json' }, credentials: 'same-origin' })
        .then((r) => r.json().then((body) => ({ ok: r.ok, body: body })))
        .then((x) => {
          if (mine !== seq) return;
          result.removeAttribute('aria-busy');
          if (!x.ok) {
            result.setAttribute('data-state', 'error');
            var said = `The broker could not answer: ${JSON.stringify(x.body?.errors ? x.body.errors : x.body)}`;
            result.replaceChildren(el('p', { class: 'error' }, [said]));
            if (verdictLive) verdictLive.textContent = said;
            return;
          }
          result.setAttribute('data-state', x.body.summary.rollbackable ? 'safe' : 'unsafe');
          result.replaceChildren(render(x.body, `/can-i-rollback?${qs}&detail=full`));
          if (verdictLive) verdictLive.textContent = oneLine(x.body);
          history.replaceState(null, '', `${location.pathname}?${kept}`);
        })
        .catch((e) => {
          if (mine !== seq) return;
          result.removeAttribute('aria-busy');
          result.setAttribute('data-state', 'error');
          result.replaceChildren(el('p', { class: 'error' }, [`The broker could not be reached: ${e.message}`]));
          if (verdictLive) verdictLive.textContent = `The broker could not be reached: ${e.message}`;
        });
    };
    boxes.forEach((b) => {
      b.addEventListener('change', () => {
        anchorRow = b.checked ? b.closest('tr') : null;
        ask();
      });
    });
    whatif.addEventListener('submit', (ev) => {
      ev.preventDefault();
      ask();
    });
    var clear = document.getElementById('whatif-clear');
    if (clear)
      clear.addEventListener('click', () => {
        boxes.forEach((b) => {
          b.checked = false;
        });
        whatif.querySelectorAll('input[data-ticked-elsewhere]').forEach((h) => {
          h.remove();
        });
        ask();
      });
  }
})();
