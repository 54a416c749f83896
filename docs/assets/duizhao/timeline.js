/* duizhao "terms over time": one line chart comparing chosen glossary terms year by year.
 *
 * The data (assets/duizhao/data/timelines.js, written by build_scripts/site/timelines.py) is a <script>, never
 * fetch()ed, so the page works from file:// too; it is loaded by this page only. The choice of terms is the
 * address (?terms=id,id): a comparison can be cited. Lines break over years with no document in the archive.
 */
(function () {
  "use strict";
  var root = document.getElementById("dz-compare");
  var data = window.DZ && DZ.timelines && DZ.timelines.archive;
  if (!root || !data) return;
  var en = (document.documentElement.lang || "").indexOf("en") === 0;
  var L = en ? {
    add: "Add a term", addButton: "Add", remove: "Remove", presets: "Examples", permalink: "Link to this comparison",
    uses: "uses per year", none: "Choose terms to compare.", first: "first", last: "last", total: "in all",
    unknown: "not found: ", table: "Figures by year (table)", year: "Year", noDoc: "no document in the archive",
    label: "Uses per year of "
  } : {
    add: "添加术语", addButton: "添加", remove: "移除", presets: "示例", permalink: "本对比的链接",
    uses: "每年出现次数", none: "请选择要对比的术语。", first: "最早", last: "最近", total: "共",
    unknown: "未找到：", table: "逐年数字（表格）", year: "年份", noDoc: "档案中无该年文献",
    label: "每年出现次数："
  };
  var COLORS = ["#1f5fa8", "#c0392b", "#1e8449", "#8e44ad", "#b9770e", "#117a8b"];
  var DASHES = ["", "6 3", "2 3", "10 3 2 3", "4 4", "1 2"];
  var PRESETS = [["xiaokang-shehui", "gongtong-fuyu"], ["sange-daibiao", "kexue-fazhanguan", "xin-fazhan-linian"],
                 ["jihua-jingji", "shehui-zhuyi-shichang-jingji"]];
  var years = data.years, terms = data.terms;
  var MAX = 6;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text != null) node.textContent = text;
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text != null) node.textContent = text;
    return node;
  }
  function chosenFromAddress() {
    var m = /[?&]terms=([^&#]*)/.exec(location.search);
    var raw = m ? decodeURIComponent(m[1].replace(/\+/g, " ")) : root.getAttribute("data-default");
    var ids = raw.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
    return ids.filter(function (id, i) { return ids.indexOf(id) === i; }).slice(0, MAX);
  }
  function counts(id) {
    var row = years.map(function () { return 0; });
    (terms[id].c || []).forEach(function (pair) { row[pair[0]] = pair[1]; });
    return row;
  }
  function address(ids) { return "terms-over-time.html?terms=" + ids.join(","); }
  function name(id) { return terms[id].zh + (en ? " (" + terms[id].en + ")" : ""); }

  var chosen = chosenFromAddress();
  var unknown = chosen.filter(function (id) { return !terms[id]; });
  chosen = chosen.filter(function (id) { return terms[id]; });

  function setChoice(ids) {
    chosen = ids;
    var target = address(ids);
    try {
      history.replaceState(null, "", target);
    } catch (e) {
      location.href = target; // some browsers refuse replaceState on file://: load the address instead
      return;
    }
    render();
  }

  function drawChart() {
    var W = 760, H = 330, left = 40, right = 130, top = 16, bottom = 30;
    var first = years[0], last = years[years.length - 1], span = last - first || 1;
    var pw = W - left - right, ph = H - top - bottom;
    var peak = 1;
    chosen.forEach(function (id) { counts(id).forEach(function (n) { peak = Math.max(peak, n); }); });
    var x = function (year) { return left + (year - first) / span * pw; };
    var y = function (n) { return top + ph - n / peak * ph; };
    var names = chosen.map(function (id) { return terms[id].zh; }).join(" · ");
    var chart = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "class": "dz-compare-chart",
                             "aria-label": L.label + names });
    chart.appendChild(svg("title", {}, L.label + names));
    // gridlines at quarters of the peak, labelled
    [0, 0.25, 0.5, 0.75, 1].forEach(function (f) {
      var v = Math.round(peak * f), yy = y(v);
      chart.appendChild(svg("line", { x1: left, x2: W - right, y1: yy, y2: yy, "class": f ? "dz-grid" : "dz-chart-axis" }));
      chart.appendChild(svg("text", { x: left - 5, y: yy + 4, "text-anchor": "end", "class": "dz-chart-tick" }, String(v)));
    });
    for (var d = Math.ceil(first / 10) * 10; d <= last; d += 10) {
      chart.appendChild(svg("text", { x: x(d), y: H - 8, "text-anchor": "middle", "class": "dz-chart-tick" }, String(d)));
    }
    // years with no document: light bands, so a gap reads as "no report", not as zero
    for (var i = 1; i < years.length; i++) {
      if (years[i] - years[i - 1] > 1) {
        var band = svg("rect", { x: x(years[i - 1]), y: top, width: x(years[i]) - x(years[i - 1]), height: ph,
                                 "class": "dz-nodoc" });
        band.appendChild(svg("title", {}, (years[i - 1] + 1) + "–" + (years[i] - 1) + ": " + L.noDoc));
        chart.appendChild(band);
      }
    }
    var labels = [];
    chosen.forEach(function (id, k) {
      var row = counts(id), color = COLORS[k % COLORS.length];
      var runs = [[]];
      years.forEach(function (year, j) {
        if (j && year - years[j - 1] > 1) runs.push([]);
        runs[runs.length - 1].push(x(year).toFixed(1) + "," + y(row[j]).toFixed(1));
      });
      runs.forEach(function (points) {
        if (points.length === 1) {
          var p = points[0].split(",");
          chart.appendChild(svg("circle", { cx: p[0], cy: p[1], r: 2.5, fill: color }));
        } else {
          chart.appendChild(svg("polyline", { points: points.join(" "), fill: "none", stroke: color,
                                              "stroke-width": 2.2, "stroke-dasharray": DASHES[k % DASHES.length],
                                              "stroke-linejoin": "round", "class": "dz-line", "data-term": id }));
        }
      });
      years.forEach(function (year, j) {
        if (!row[j]) return;
        var dot = svg("circle", { cx: x(year), cy: y(row[j]), r: 3, fill: color, "class": "dz-point" });
        dot.appendChild(svg("title", {}, terms[id].zh + " " + year + ": " + row[j]));
        chart.appendChild(dot);
      });
      // the label at the line's peak year, so each line is named where it is
      var best = 0;
      row.forEach(function (n, j) { if (n > row[best]) best = j; });
      labels.push({ id: id, color: color, x: x(years[best]), y: y(row[best]) - 6, text: terms[id].zh });
    });
    labels.sort(function (a, b) { return a.y - b.y; });
    for (var j = 1; j < labels.length; j++) {
      if (Math.abs(labels[j].y - labels[j - 1].y) < 15 && Math.abs(labels[j].x - labels[j - 1].x) < 90) {
        labels[j].y = labels[j - 1].y + 15; // keep labels apart
      }
    }
    labels.forEach(function (l) {
      chart.appendChild(svg("text", { x: Math.min(l.x, W - right + 4), y: Math.max(l.y, top + 10),
                                      fill: l.color, "class": "dz-line-label", "data-term": l.id,
                                      "text-anchor": l.x > W - right - 40 ? "end" : "middle" }, l.text));
    });
    return chart;
  }

  function legend() {
    var list = el("ul", { "class": "dz-legend" });
    chosen.forEach(function (id, k) {
      var t = terms[id], row = counts(id), total = row.reduce(function (a, b) { return a + b; }, 0);
      var li = el("li", { "data-term": id });
      var swatch = svg("svg", { width: 28, height: 10, "aria-hidden": "true" });
      swatch.appendChild(svg("line", { x1: 0, x2: 28, y1: 5, y2: 5, stroke: COLORS[k % COLORS.length], "stroke-width": 3,
                                       "stroke-dasharray": DASHES[k % DASHES.length] }));
      li.appendChild(swatch);
      var link = el("a", { href: "glossary/" + id + ".html", lang: "zh-Hans" }, t.zh);
      li.appendChild(link);
      li.appendChild(el("span", { lang: "en", "class": "dz-legend-en" }, " " + t.en + " "));
      var facts = " — " + (en ? total + " " + L.total : L.total + " " + total + " 处");
      li.appendChild(document.createTextNode(facts));
      [["f", L.first], ["l", L.last]].forEach(function (pair) {
        var use = t[pair[0]];
        if (!use) return;
        li.appendChild(document.createTextNode(", " + pair[1] + " "));
        li.appendChild(el("a", { href: "documents/" + use[1] + ".html#" + use[2] }, String(use[0])));
      });
      var remove = el("button", { type: "button", "class": "dz-tool", "aria-label": L.remove + " " + t.zh }, "×");
      remove.addEventListener("click", function () {
        setChoice(chosen.filter(function (other) { return other !== id; }));
      });
      li.appendChild(document.createTextNode(" "));
      li.appendChild(remove);
      list.appendChild(li);
    });
    return list;
  }

  function table() {
    var details = el("details", { "class": "dz-timeline-table" });
    details.appendChild(el("summary", {}, L.table));
    var tbl = el("table"), head = el("tr");
    head.appendChild(el("th", {}, L.year));
    chosen.forEach(function (id) { head.appendChild(el("th", { lang: "zh-Hans" }, terms[id].zh)); });
    var thead = el("thead"); thead.appendChild(head); tbl.appendChild(thead);
    var body = el("tbody"), rows = chosen.map(counts);
    years.forEach(function (year, j) {
      var tr = el("tr");
      tr.appendChild(el("td", {}, String(year)));
      rows.forEach(function (row) { tr.appendChild(el("td", {}, String(row[j]))); });
      body.appendChild(tr);
    });
    tbl.appendChild(body);
    details.appendChild(tbl);
    return details;
  }

  function picker() {
    var form = el("form", { "class": "dz-compare-picker" });
    var id = "dz-compare-input", listId = "dz-compare-terms";
    form.appendChild(el("label", { "for": id }, L.add + " "));
    var input = el("input", { id: id, list: listId, type: "text", autocomplete: "off",
                               placeholder: en ? "e.g. 新发展理念 or new development philosophy" : "如：新发展理念" });
    form.appendChild(input);
    var options = el("datalist", { id: listId });
    Object.keys(terms).forEach(function (key) {
      options.appendChild(el("option", { value: terms[key].zh + " · " + terms[key].en + " · " + key }));
    });
    form.appendChild(options);
    form.appendChild(el("button", { type: "submit", "class": "dz-tool" }, L.addButton));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = input.value.trim();
      var found = terms[value] ? value : null;
      if (!found) {
        Object.keys(terms).some(function (key) {
          var t = terms[key];
          if (value === t.zh || value === t.en || value.split(" · ").pop() === key) { found = key; return true; }
          return false;
        });
      }
      if (found && chosen.indexOf(found) < 0) setChoice(chosen.concat([found]).slice(-MAX));
    });
    return form;
  }

  function presets() {
    var p = el("p", { "class": "dz-compare-presets" }, L.presets + ": ");
    PRESETS.forEach(function (ids, i) {
      var known = ids.filter(function (id) { return terms[id]; });
      if (known.length < 2) return;
      if (i) p.appendChild(document.createTextNode(" · "));
      p.appendChild(el("a", { href: address(known) }, known.map(function (id) { return terms[id].zh; }).join(en ? " vs " : " 对 ")));
    });
    return p;
  }

  function render() {
    root.textContent = "";
    root.appendChild(presets());
    root.appendChild(picker());
    if (unknown.length) root.appendChild(el("p", { "class": "dz-note" }, L.unknown + unknown.join(", ")));
    if (!chosen.length) {
      root.appendChild(el("p", {}, L.none));
      return;
    }
    var figure = el("figure", { "class": "dz-timeline" });
    figure.appendChild(drawChart());
    figure.appendChild(el("figcaption", {}, L.uses));
    root.appendChild(figure);
    root.appendChild(legend());
    var permalink = el("p", {});
    permalink.appendChild(el("a", { href: address(chosen), "class": "dz-compare-permalink" }, L.permalink));
    root.appendChild(permalink);
    root.appendChild(table());
  }

  render();
})();
