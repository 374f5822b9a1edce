// The page: pick a kind and fill its form (or upload data, a Word document, the workbook),
// see the PDF's pages and the findings, download the files; batches; checking a .docx.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { kinds: [], kind: null, get: null, timer: null, version: 0 };

function headers(extra = {}) {
  const token = $("token").value.trim();
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: headers(options.headers) });
  if (!response.ok) {
    let error;
    try { error = await response.json(); } catch { error = { message: `${response.status} ${response.statusText}`, problems: [] }; }
    error.status = response.status;
    throw error;
  }
  return response;
}

function say(element, text) { element.textContent = text; }

function showProblems(list, error) {
  list.replaceChildren(...(error.problems && error.problems.length ? error.problems : [{ message: error.message }]).map((p) => {
    const where = [p.location, p.line ? `第 ${p.line} 行` : ""].filter(Boolean).join("，");
    const li = document.createElement("li");
    li.className = "error";
    li.textContent = (where ? `${where}：` : "") + p.message + (p.suggestion ? `（${p.suggestion}）` : "");
    return li;
  }));
}

function showFindings(list, reports) {
  const items = [];
  for (const report of reports) {
    const head = document.createElement("li");
    head.textContent = `${report.kind}：${report.ok ? "符合" : "不符合"}（错误 ${report.errors}，提示 ${report.warnings}）`;
    head.className = report.ok ? "" : "error";
    items.push(head);
    for (const f of report.findings) {
      const li = document.createElement("li");
      li.className = f.severity === "错误" ? "error" : "warning";
      li.textContent = `${f.page ? `第 ${f.page} 页 ` : ""}${f.severity} ${f.clause}：${f.message}${f.where ? `（${f.where}）` : ""}`;
      items.push(li);
    }
  }
  list.replaceChildren(...items);
}

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 60000);
}

function fileName(response, fallback) {
  const match = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get("Content-Disposition") || "");
  return match ? decodeURIComponent(match[1]) : fallback;
}

function data() { return { kind: state.kind.name, ...state.get() }; }

function district() { return $("district").value; }

async function preview() {
  const version = ++state.version;
  say($("status"), "正在生成预览……");
  $("problems").replaceChildren();
  try {
    const response = await api(`/api/v1/previews?district=${encodeURIComponent(district())}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data()),
    });
    const result = await response.json();
    if (version !== state.version) return;
    $("pages").replaceChildren(...result.pages.map((src, i) => {
      const img = document.createElement("img");
      img.src = src;
      img.alt = `第 ${i + 1} 页`;
      return img;
    }));
    showFindings($("findings"), result.reports);
    say($("status"), `《${result.title}》共 ${result.pages.length} 页。` + (result.warnings.length ? `注意：${result.warnings.join("；")}` : ""));
  } catch (error) {
    if (version !== state.version) return;
    say($("status"), error.status === 422 ? "数据还不完整或有误，补全后自动刷新：" : `预览失败：${error.message}`);
    showProblems($("problems"), error);
  }
}

function changed() {
  clearTimeout(state.timer);
  state.timer = setTimeout(preview, 1200);
}

async function fetchDocument(formats) {
  try {
    const response = await api(`/api/v1/documents?formats=${formats}&district=${encodeURIComponent(district())}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data()),
    });
    download(await response.blob(), fileName(response, `公文.${formats.includes(",") ? "zip" : formats}`));
  } catch (error) {
    say($("status"), `未能生成：${error.message}`);
    showProblems($("problems"), error);
  }
}

function downloads() {
  const formats = state.kind.formats.filter((f) => ["docx", "pdf", "xlsx"].includes(f));
  const buttons = formats.map((f) => {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.format = f;
    b.textContent = `下载 ${f === "pdf" ? "PDF" : "." + f}`;
    b.onclick = () => fetchDocument(f);
    return b;
  });
  const all = document.createElement("button");
  all.type = "button";
  all.dataset.format = "zip";
  all.textContent = "全部格式（zip）";
  all.onclick = () => fetchDocument(formats.join(","));
  $("downloads").replaceChildren(...buttons, all);
}

async function chooseKind(name, value) {
  const schema = await (await api(`/api/v1/schemas/${name}`)).json();
  state.kind = state.kinds.find((k) => k.name === name);
  state.get = SchemaForm.render(schema, value, $("form"), changed);
  $("kind").value = name;  // once the form is the kind's
  downloads();
  $("pages").replaceChildren();
  $("findings").replaceChildren();
  if (value) changed();
}

async function upload(file) {
  const note = $("upload-note");
  const suffix = file.name.split(".").pop().toLowerCase();
  if (suffix === "xlsx") {
    document.querySelector('[data-tab="batch"]').click();
    const list = new DataTransfer();
    list.items.add(file);
    $("batch-file").files = list.files;
    say($("batch-status"), `已选择 ${file.name}，点击“开始生成”。`);
    return;
  }
  say(note, `正在读取 ${file.name}……`);
  try {
    let value;
    if (["yaml", "yml", "json"].includes(suffix)) {
      const response = await api("/api/v1/data", {
        method: "POST", headers: { "Content-Type": suffix === "json" ? "application/json" : "application/yaml" }, body: file,
      });
      const result = await response.json();
      value = result.data;
      say(note, `已读入 ${file.name}` + (result.problems.length ? `，有 ${result.problems.length} 处问题，见右侧` : "。"));
      if (result.problems.length) showProblems($("problems"), { problems: result.problems });
    } else {
      const form = new FormData();
      form.append("file", file);
      const result = await (await api("/api/v1/import", { method: "POST", body: form })).json();
      value = result.documents[0];
      say(note, `已从 ${file.name} 导入：${result.lines.join("；")}`);
    }
    if (!value || !state.kinds.some((k) => k.name === value.kind)) {
      say(note, `${file.name} 的 kind 是“${value && value.kind}”，网页上不能编辑这类数据`);
      return;
    }
    await chooseKind(value.kind, value);
  } catch (error) {
    say(note, `未能读取 ${file.name}：${error.message}`);
  }
}

async function startBatch(event) {
  event.preventDefault();
  const form = new FormData($("batch-form"));
  form.set("formats", form.get("pdf") ? "docx,pdf" : "docx");
  form.delete("pdf");
  if (!form.get("date")) form.delete("date");
  form.set("district", district());
  $("batch-result").hidden = true;
  $("batch-problems").replaceChildren();
  $("batch-progress").value = 0;
  try {
    let status = await (await api("/api/v1/batches", { method: "POST", body: form })).json();
    while (status.state === "queued" || status.state === "running") {
      $("batch-progress").max = status.progress.total;
      $("batch-progress").value = status.progress.done;
      say($("batch-status"), status.state === "queued" ? "排队中……" : `正在生成${status.step}……（${status.progress.done}/${status.progress.total}）`);
      await new Promise((r) => setTimeout(r, 500));
      status = await (await api(`/api/v1/batches/${status.id}`)).json();
    }
    $("batch-progress").value = status.progress.done;
    if (status.state === "failed") throw status.error;
    say($("batch-status"), `已生成 ${status.outputs.length} 个文件` + (status.failures.length ? `，${status.failures.length} 个未生成` : "") + "。");
    const zip = await (await api(status.result)).blob();
    $("batch-result").href = URL.createObjectURL(zip);
    $("batch-result").hidden = false;
    if (status.failures.length) showProblems($("batch-problems"), { problems: status.failures.map((f) => ({ location: f.source, message: f.message })) });
  } catch (error) {
    say($("batch-status"), `未能生成：${error.message}`);
    showProblems($("batch-problems"), error);
  }
}

async function check(event) {
  event.preventDefault();
  const out = $("check-result");
  out.textContent = "正在检查……";
  try {
    const reports = await (await api("/api/v1/check", { method: "POST", body: new FormData($("check-form")) })).json();
    const list = document.createElement("ul");
    list.className = "findings";
    showFindings(list, reports);
    out.replaceChildren(list);
  } catch (error) {
    const list = document.createElement("ul");
    list.className = "findings";
    showProblems(list, error);
    out.replaceChildren(list);
  }
}

async function start() {
  $("token").value = localStorage.getItem("gongwen-token") || "";
  $("token").addEventListener("change", () => { localStorage.setItem("gongwen-token", $("token").value); init(); });
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => {
      document.querySelectorAll(".tab, .panel").forEach((el) => el.classList.remove("active"));
      tab.classList.add("active");
      $(tab.dataset.tab).classList.add("active");
    });
  }
  $("kind").addEventListener("change", () => chooseKind($("kind").value));
  $("district").addEventListener("change", changed);
  $("upload").addEventListener("change", () => $("upload").files[0] && upload($("upload").files[0]));
  $("refresh").addEventListener("click", preview);
  $("batch-form").addEventListener("submit", startBatch);
  $("check-form").addEventListener("submit", check);
  await init();
}

async function init() {
  try {
    state.kinds = await (await api("/api/v1/kinds")).json();
    const districts = await (await api("/api/v1/templates")).json();
    $("district").replaceChildren(...districts.map((d) => new Option(d.district, d.district)));
    $("kind").replaceChildren(...state.kinds.map((k) => new Option(k.label, k.name)));
    await chooseKind("annual-plan");
  } catch (error) {
    say($("status"), error.status === 401 ? "请在右上角填写访问令牌。" : `无法连接服务：${error.message}`);
  }
}

start();
