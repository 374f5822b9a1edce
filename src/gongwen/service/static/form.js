// A form generated from a kind's input JSON Schema (draft 2020-12, /api/v1/schemas/KIND):
// objects as fieldsets, lists with add / remove / move, choices (oneOf / anyOf) as a select,
// dates as date inputs. build(schema, value) returns {el, get}; get() gives the data back.
"use strict";

const SchemaForm = (() => {
  const LONG = new Set(["text", "preamble", "content", "closing", "body", "summary", "opinion", "note", "notes"]);
  const TYPE_NAMES = { string: "文字", array: "列表", object: "项目", integer: "整数", number: "数字", boolean: "是否" };
  let defs = {};
  let onChange = () => {};

  const h = (tag, attrs = {}, ...children) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? "" : v);
    }
    el.append(...children.filter((c) => c !== null && c !== undefined));
    return el;
  };
  const resolve = (s) => {
    while (s && s.$ref) s = { ...defs[s.$ref.split("/").pop()], description: s.description || defs[s.$ref.split("/").pop()].description };
    return s || {};
  };
  const choices = (s) => (s.oneOf || s.anyOf || []).map(resolve).filter((v) => v.type !== "null");
  const label = (name, s) => (s.description || s.title || name || "").split(/[，；（(]/)[0] || name;
  const kindOf = (v) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v === "number" ? "number" : typeof v);
  const empty = (v) => v === undefined || v === "" || (Array.isArray(v) && v.length === 0) ||
    (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);

  function pick(variants, value) {
    if (value === undefined) return 0;
    const k = kindOf(value);
    const scored = variants.map((v, i) => {
      const t = v.type || (v.properties ? "object" : v.enum ? "string" : v.items ? "array" : "");
      if (t === "integer" && k === "number") return [1, i];
      if (t !== k) return [0, i];
      if (k === "object") {
        const props = Object.keys(v.properties || {});
        const keys = Object.keys(value);
        return [keys.every((key) => props.includes(key)) ? 2 + keys.filter((key) => props.includes(key)).length : 1, i];
      }
      if (v.enum) return [v.enum.includes(value) ? 2 : 0, i];
      return [2, i];
    });
    scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    return scored[0][1];
  }

  function build(raw, value, name = "") {
    const s = resolve(raw);
    const variants = choices(s);
    if (variants.length > 1) return buildChoice(s, variants, value, name);
    if (variants.length === 1) return build({ ...variants[0], description: s.description || variants[0].description }, value ?? undefined, name);
    if (s.const !== undefined) return { el: null, get: () => s.const };
    if (s.enum) return buildEnum(s, value);
    const type = s.type || (s.properties ? "object" : s.items ? "array" : "");
    if (type === "object" && s.properties) return buildObject(s, value || {}, name);
    if (type === "array") return buildArray(s, value || [], name);
    if (type === "boolean") {
      const input = h("input", { type: "checkbox", onchange: onChange });
      input.checked = value ?? s.default ?? false;
      return { el: input, get: () => input.checked };
    }
    if (type === "integer" || type === "number") {
      const input = h("input", { type: "number", step: type === "integer" ? 1 : "any", oninput: onChange });
      if (value !== undefined && value !== null) input.value = value;
      return { el: input, get: () => (input.value === "" ? undefined : Number(input.value)) };
    }
    if (type === "string") {
      // dates are written 2026-03-01 or 2026年3月1日: a date input unless one is written the long way
      const date = (s.format === "date" || (s.pattern || "").includes("年")) &&
        (value === undefined || /^\d{4}-\d{2}-\d{2}$/.test(value));
      const long = !date && (LONG.has(name) || (typeof value === "string" && value.includes("\n")));
      const input = long ? h("textarea", { oninput: onChange, rows: 4 })
        : h("input", { type: date ? "date" : "text", oninput: onChange, onchange: onChange,
                       placeholder: s.default ? String(s.default) : s.examples ? String(s.examples[0]) : "" });
      if (name) input.dataset.name = name;
      input.value = value ?? "";
      return { el: input, get: () => (input.value === "" ? undefined : input.value) };
    }
    // anything else (a mapping of names) is edited as JSON
    const area = h("textarea", { oninput: onChange, class: "json" });
    area.value = value === undefined ? "" : JSON.stringify(value, null, 1);
    return { el: area, get: () => { try { return area.value.trim() ? JSON.parse(area.value) : undefined; } catch { return undefined; } } };
  }

  function buildEnum(s, value) {
    const select = h("select", { onchange: onChange }, h("option", { value: "" }, "（默认）"),
      ...s.enum.map((v) => h("option", { value: v }, String(v))));
    select.value = value ?? "";
    return { el: select, get: () => (select.value === "" ? undefined : select.value) };
  }

  function buildChoice(s, variants, value, name) {
    const box = h("div", { class: "choice" });
    const names = variants.map((v) => v.description?.split(/[，；（(]/)[0] || v.title || TYPE_NAMES[v.type] || TYPE_NAMES[v.items ? "array" : "object"]);
    const nullable = (s.anyOf || s.oneOf).some((v) => resolve(v).type === "null");
    const select = h("select", { class: "variant" }, nullable ? h("option", { value: "" }, "（不填）") : null,
      ...names.map((n, i) => h("option", { value: i }, n)));
    let current;
    const show = (index, v) => {
      current = index === "" ? { el: null, get: () => undefined } : build(variants[index], v, name);
      box.replaceChildren(select, current.el || "");
    };
    select.addEventListener("change", () => { show(select.value === "" ? "" : Number(select.value), undefined); onChange(); });
    const index = nullable && (value === undefined || value === null) ? "" : pick(variants, value);
    select.value = index;
    show(index, value);
    return { el: box, get: () => current.get() };
  }

  function buildObject(s, value, name) {
    const required = new Set(s.required || []);
    const box = h("fieldset", { "data-name": name || null });  // its row's label names it
    const fields = [];
    for (const [key, raw] of Object.entries(s.properties)) {
      const prop = resolve(raw);
      if (prop.const !== undefined) { fields.push([key, { get: () => prop.const }]); continue; }
      const inner = resolve(choices(raw).length === 1 ? choices(raw)[0] : raw);
      const isObject = inner.properties && !inner.oneOf;
      const row = h("label", { class: "field" + (required.has(key) ? " required" : ""), "data-field": key },
        h("span", {}, label(key, prop)));
      if (isObject && value[key] === undefined && !required.has(key)) {
        // an optional group (a table, a signer): added when wanted, so recursion stays finite
        const slot = h("div", {});
        const entry = { get: () => undefined };
        const add = h("button", { type: "button", class: "add", onclick: () => {
          const built = build(raw, {}, key);
          entry.get = built.get;
          slot.replaceChildren(built.el);
          onChange();
        } }, "添加");
        slot.append(add);
        row.append(slot);
        fields.push([key, entry]);
      } else {
        const built = build(raw, value[key], key);
        row.append(built.el || "");
        fields.push([key, built]);
      }
      if (prop.description && prop.description !== label(key, prop) && !isObject) {
        row.append(h("small", {}, prop.description));
      }
      box.append(row);
    }
    return {
      el: box,
      get: () => {
        const out = {};
        let written = false;
        for (const [key, f] of fields) {
          const v = f.get();
          if (!empty(v) || (required.has(key) && v !== undefined)) out[key] = v;
          written ||= !empty(v) && resolve(s.properties[key]).const === undefined;
        }
        return written ? out : {};  // a form's kind alone is not a form
      },
    };
  }

  function buildArray(s, value, name) {
    const box = h("div", { class: "list", "data-name": name || null });
    const items = [];
    const holder = h("div", {});
    const redraw = () => holder.replaceChildren(...items.map((it) => it.el));
    const add = (v) => {
      const built = build(s.items || {}, v, name === "sections" ? "section" : "");
      const wrap = h("div", { class: "item" });
      const entry = { el: wrap, get: built.get };
      const move = (d) => {
        const i = items.indexOf(entry);
        const j = i + d;
        if (j < 0 || j >= items.length) return;
        [items[i], items[j]] = [items[j], items[i]];
        redraw(); onChange();
      };
      wrap.append(h("span", { class: "tools" },
        h("button", { type: "button", title: "上移", onclick: () => move(-1) }, "↑"),
        h("button", { type: "button", title: "下移", onclick: () => move(1) }, "↓"),
        h("button", { type: "button", title: "删除", class: "remove", onclick: () => {
          items.splice(items.indexOf(entry), 1); redraw(); onChange();
        } }, "✕")), built.el || "");
      items.push(entry);
    };
    (Array.isArray(value) ? value : [value]).forEach(add);
    redraw();
    box.append(holder, h("button", { type: "button", class: "add", onclick: () => { add(undefined); redraw(); onChange(); } }, "＋ 添加"));
    // a table row keeps its empty cells; elsewhere an item left empty is no item
    const cells = resolve(s.items || {}).type === "string";
    return { el: box, get: () => items.map((it) => it.get()).map((v) => (cells ? v ?? "" : v)).filter((v) => cells || !empty(v)) };
  }

  return {
    /** Build the form for a schema into container; returns get() → the data. */
    render(schema, value, container, changed) {
      defs = schema.$defs || {};
      onChange = changed;
      const built = build(schema, value || {}, "");
      container.replaceChildren(built.el);
      return built.get;
    },
  };
})();
