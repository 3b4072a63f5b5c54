// scaffold serve: the form, the live verdict, Explore, Download and Share.
// Plain JavaScript, no dependencies. Every rule of the questionnaire (which
// questions matter, defaults, validation, the verdict) stays on the server:
// the page sends its raw answers to /api/form and shows what comes back.

const STAGE_TITLES = {
  name: "The project",
  needs: "What you need",
  framework: "Framework",
  project: "Project details",
};

const page = {
  questions: [], // from /api/questions, in asking order
  fields: new Map(), // key -> {question, wrapper, inputs, error}
  slugTouched: false,
  state: null, // the last /api/form answer
  sequence: 0,
  timer: 0,
  files: null, // the last preview, for the query it was made for
  previewSequence: 0,
};

const $ = (id) => document.getElementById(id);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function postJSON(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
  return data;
}

// ---- The form, built from the question declarations -------------------------

function helpId(key) {
  return `help-${key}`;
}

function errorId(key) {
  return `error-${key}`;
}

function buildField(question) {
  const key = question.key;
  const wrapper = element("div", { class: "field", id: `field-${key}`, "data-key": key });
  const help = element("p", { class: "help", id: helpId(key), text: question.help });
  const error = element("p", { class: "error", id: errorId(key), role: "alert" });
  const describedBy = `${helpId(key)} ${errorId(key)}`;
  let inputs = [];
  if (question.kind === "multi") {
    const fieldset = element("fieldset", { "aria-describedby": describedBy });
    fieldset.append(element("legend", { text: question.message }));
    for (const choice of question.choices) {
      const id = `q-${key}-${choice.value}`;
      const box = element("input", { type: "checkbox", id, name: key, value: choice.value });
      fieldset.append(element("div", { class: "option" }, box, element("label", { for: id, text: choice.title })));
      inputs.push(box);
    }
    wrapper.append(fieldset, help, error);
  } else if (question.kind === "confirm") {
    const id = `q-${key}`;
    const box = element("input", { type: "checkbox", id, name: key, "aria-describedby": describedBy });
    wrapper.append(element("div", { class: "option" }, box, element("label", { for: id, text: question.message })));
    wrapper.append(help, error);
    inputs = [box];
  } else if (question.kind === "choice") {
    const id = `q-${key}`;
    const select = element("select", { id, name: key, "aria-describedby": describedBy });
    for (const choice of question.choices) {
      select.append(element("option", { value: choice.value, text: `${choice.title} (${choice.value})` }));
    }
    wrapper.append(element("label", { for: id, text: question.message }), select, help, error);
    inputs = [select];
  } else {
    const id = `q-${key}`;
    const input = element("input", {
      type: "text", id, name: key, "aria-describedby": describedBy, autocomplete: "off", spellcheck: "false",
    });
    wrapper.append(element("label", { for: id, text: question.message }), input, help, error);
    inputs = [input];
  }
  return { question, wrapper, inputs, error };
}

function setValue(field, value) {
  const kind = field.question.kind;
  if (kind === "multi") {
    const chosen = new Set(Array.isArray(value) ? value : String(value).split(",").map((s) => s.trim()));
    for (const box of field.inputs) box.checked = chosen.has(box.value);
  } else if (kind === "confirm") {
    field.inputs[0].checked = value === true || ["true", "yes", "y", "1", "on"].includes(String(value).toLowerCase());
  } else if (kind === "choice") {
    const select = field.inputs[0];
    const text = String(value);
    if (![...select.options].some((option) => option.value === text)) {
      // A value from a link that is not a choice: keep it visible so the server can refuse it inline.
      select.append(element("option", { value: text, text: `${text} (not a choice)` }));
    }
    select.value = text;
  } else {
    field.inputs[0].value = String(value);
  }
}

function valueOf(field) {
  const kind = field.question.kind;
  if (kind === "multi") return field.inputs.filter((box) => box.checked).map((box) => box.value);
  if (kind === "confirm") return field.inputs[0].checked;
  return field.inputs[0].value;
}

function buildForm(questions, initial) {
  const container = $("fields");
  let fieldset = null;
  let stage = null;
  for (const question of questions) {
    const field = buildField(question);
    page.fields.set(question.key, field);
    const info = initial[question.key] || {};
    const thisStage = info.stage || "needs";
    if (thisStage !== stage || fieldset === null) {
      stage = thisStage;
      fieldset = element("fieldset", { class: "stage" }, element("legend", { text: STAGE_TITLES[stage] || stage }));
      container.append(fieldset);
    }
    fieldset.append(field.wrapper);
    // The server's default, computed for no answers: the schema only describes a computed one in words.
    if (question.key !== "project_slug") setValue(field, info.default);
    for (const input of field.inputs) {
      const event = input.tagName === "INPUT" && input.type === "text" ? "input" : "change";
      input.addEventListener(event, () => {
        if (question.key === "project_slug") page.slugTouched = input.value !== "";
        schedule(event === "input" ? 250 : 0);
      });
    }
  }
}

function restoreFrom(search) {
  const params = new URLSearchParams(search);
  const unknown = [];
  const lists = new Map();
  for (const [key, value] of params) {
    const field = page.fields.get(key);
    if (!field) {
      unknown.push(key);
      continue;
    }
    if (field.question.kind === "multi") {
      // Lists are comma-separated; a repeated key adds to the list, as in the API.
      const items = lists.get(key) || [];
      items.push(...value.split(",").map((s) => s.trim()).filter(Boolean));
      lists.set(key, items);
      setValue(field, items);
    } else {
      setValue(field, value);
    }
    if (key === "project_slug") page.slugTouched = value !== "";
  }
  if (unknown.length) {
    const note = element("p", { class: "note", id: "link-note", role: "status" });
    note.textContent = `Left out of the link: ${unknown.join(", ")} (not questions of this form).`;
    $("fields").before(note);
  }
}

function rawAnswers() {
  const answers = {};
  for (const [key, field] of page.fields) {
    if (key === "project_slug" && !page.slugTouched) continue;
    answers[key] = valueOf(field);
  }
  return answers;
}

// ---- Live state: which questions matter, errors, verdict ----------------------

function busy(flag) {
  // aria-busy tells assistive technology (and the browser test) that the verdict is being updated.
  $("verdict").setAttribute("aria-busy", flag ? "true" : "false");
}

function schedule(delay) {
  clearTimeout(page.timer);
  busy(true);
  page.timer = setTimeout(refresh, delay);
}

async function refresh() {
  const mine = ++page.sequence;
  let state;
  try {
    state = await postJSON("/api/form", rawAnswers());
  } catch (error) {
    if (mine === page.sequence) busy(false);
    $("project-status").textContent = `The server did not answer: ${error.message}`;
    return;
  }
  if (mine !== page.sequence) return; // a newer change is on its way
  busy(false);
  page.state = state;
  showFields(state);
  showVerdict(state);
  showProject(state);
  document.body.dataset.ready = "true";
}

function showFields(state) {
  for (const [key, field] of page.fields) {
    const info = state.fields[key];
    if (!info) continue;
    field.wrapper.hidden = !info.applies;
    if (key === "project_slug" && !page.slugTouched) field.inputs[0].value = info.default;
    const message = info.error || "";
    if (field.error.textContent !== message) field.error.textContent = message;
    for (const input of field.inputs) {
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  }
}

function capital(name) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function leadText(label) {
  return { clear: "a clear lead", narrow: "a narrow lead" }[label] || label;
}

function showVerdict(state) {
  const rec = state.recommendation;
  const other = rec.framework === "django" ? "flask" : "django";
  const headline = `${capital(rec.framework)} fits best: ${leadText(state.margin_label)} `
    + `(${rec.scores[rec.framework].toFixed(1)} to ${rec.scores[other].toFixed(1)}).`;
  if ($("verdict-headline").textContent !== headline) $("verdict-headline").textContent = headline;
  const body = $("verdict-body");
  body.replaceChildren();

  const scores = element("div", { class: "scores" });
  const top = Math.max(1, rec.scores.django, rec.scores.flask);
  for (const name of ["django", "flask"]) {
    const id = `score-${name}`;
    scores.append(
      element("span", { id, text: capital(name) }),
      element("meter", { min: "0", max: String(top), value: String(rec.scores[name]), "aria-labelledby": id }),
      element("span", { class: "score", "data-framework": name, text: rec.scores[name].toFixed(1) }),
    );
  }
  body.append(scores);

  if (rec.reasons.length) {
    const table = element("table", { class: "reasons" });
    table.append(element("caption", { class: "note", text: "Why: each rule that applied, heaviest first" }));
    const head = element("tr", {}, ...["Claim", "Weight", "Favours", "Because"].map((t) => element("th", { scope: "col", text: t })));
    table.append(element("thead", {}, head));
    const rows = element("tbody");
    for (const reason of rec.reasons) {
      rows.append(element("tr", {},
        element("td", { class: "claim", text: reason.claim }),
        element("td", { class: "weight", text: `${reason.weight >= 0 ? "+" : ""}${reason.weight.toFixed(1)}` }),
        element("td", { text: capital(reason.favours) }),
        element("td", { text: reason.because }),
      ));
    }
    table.append(rows);
    body.append(table);
  } else {
    body.append(element("p", { text: "No need you gave leans either way; the tie rule picks Django." }));
  }
  body.append(element("p", { class: "flip" }, element("strong", { text: "What would change it: " }), rec.flip));
  // Other ways to the other framework (`alternatives`, the same sentences as `flip`).
  const alternatives = rec.alternatives || [];
  if (alternatives.length) {
    const list = element("ul", { class: "alternatives", "aria-label": "Or else" });
    for (const text of alternatives) list.append(element("li", {}, element("strong", { text: "Or: " }), text));
    body.append(list);
  }
  if (state.framework !== rec.framework) {
    body.append(element("p", { text: `You chose ${capital(state.framework)}: the starter uses it.` }));
  }
  if (state.override) body.append(element("div", { class: "override", id: "override", text: state.override }));
}

function shareURL(query) {
  return `${location.origin}/${query ? `?${query}` : ""}`;
}

function showProject(state) {
  const download = $("download");
  const query = state.query;
  $("share-link").value = shareURL(query);
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
  if (state.valid) {
    download.setAttribute("href", `/starter.zip${query ? `?${query}` : ""}`);
    download.removeAttribute("aria-disabled");
    $("explore").removeAttribute("aria-disabled");
    const slug = $("q-project_slug") ? $("q-project_slug").value : "";
    $("project-status").textContent = `${capital(state.framework)} project ${slug}: ready to explore or download.`;
  } else {
    download.removeAttribute("href");
    download.setAttribute("aria-disabled", "true");
    download.setAttribute("role", "link");
    $("explore").setAttribute("aria-disabled", "true");
    const unknown = Object.keys(state.unknown || {});
    $("project-status").textContent = unknown.length
      ? `Unknown keys in the link: ${unknown.join(", ")}. Fix them to download.`
      : "Fix the answers marked in the form to download.";
  }
  if (!$("explorer").hidden && page.files && page.files.query !== query && state.valid) explore();
}

// ---- Explore: the file tree and each file's text ------------------------------

function buildTree(files, root) {
  const tree = { folders: new Map(), files: [] };
  for (const file of files) {
    const parts = file.path.slice(root.length + 1).split("/");
    let node = tree;
    for (const part of parts.slice(0, -1)) {
      if (!node.folders.has(part)) node.folders.set(part, { folders: new Map(), files: [] });
      node = node.folders.get(part);
    }
    node.files.push({ name: parts[parts.length - 1], file });
  }
  return tree;
}

function renderTree(node) {
  const list = element("ul");
  for (const [name, child] of [...node.folders].sort(([a], [b]) => a.localeCompare(b))) {
    const details = element("details", { open: true }, element("summary", { text: `${name}/` }), renderTree(child));
    list.append(element("li", {}, details));
  }
  for (const { name, file } of node.files.sort((a, b) => a.name.localeCompare(b.name))) {
    const button = element("button", { type: "button", "data-path": file.path, text: name });
    button.addEventListener("click", () => showFile(file, button));
    list.append(element("li", {}, button));
  }
  return list;
}

function showFile(file, button) {
  for (const other of $("tree").querySelectorAll("button[aria-current]")) other.removeAttribute("aria-current");
  button.setAttribute("aria-current", "true");
  const secret = file.path.endsWith("/.env") ? "; the zip gets its own fresh secret" : "";
  $("file-title").textContent = `${file.path} (${file.size} bytes${secret})`;
  $("file-text").textContent = file.text === null ? "(a binary file)" : file.text;
}

async function explore() {
  const state = page.state;
  if (!state || !state.valid) return;
  const panel = $("explorer");
  panel.hidden = false;
  $("explore").setAttribute("aria-expanded", "true");
  $("tree").replaceChildren(element("p", { class: "note", text: "Rendering the project…" }));
  const mine = ++page.previewSequence;
  let preview;
  try {
    preview = await postJSON("/api/preview", state.answers);
  } catch (error) {
    if (mine === page.previewSequence) {
      $("tree").replaceChildren(element("p", { class: "note", text: `Could not render: ${error.message}` }));
    }
    return;
  }
  if (mine !== page.previewSequence) return; // the answers changed while it rendered
  page.files = { query: state.query, preview };
  $("explorer-root").textContent = `${preview.project_slug}/ (${capital(preview.framework)}, ${preview.files.length} files)`;
  $("tree").replaceChildren(renderTree(buildTree(preview.files, preview.project_slug)));
  $("file-title").textContent = "Pick a file";
  $("file-text").textContent = "";
}

// ---- Wiring -------------------------------------------------------------------

function download() {
  const link = $("download");
  if (link.getAttribute("aria-disabled") !== "true") link.click();
}

function wire() {
  $("questions").addEventListener("submit", (event) => event.preventDefault());
  $("download").addEventListener("click", (event) => {
    if ($("download").getAttribute("aria-disabled") === "true") event.preventDefault();
  });
  $("explore").addEventListener("click", () => {
    if ($("explore").getAttribute("aria-disabled") === "true") return;
    if (!$("explorer").hidden && page.files && page.files.query === page.state.query) {
      $("explorer").hidden = true;
      $("explore").setAttribute("aria-expanded", "false");
      return;
    }
    explore().then(() => $("explorer").scrollIntoView({ block: "start" }));
  });
  $("copy-link").addEventListener("click", async () => {
    const input = $("share-link");
    try {
      await navigator.clipboard.writeText(input.value);
      $("copy-status").textContent = "Link copied.";
    } catch {
      input.select();
      $("copy-status").textContent = "Select the link and copy it.";
    }
  });
  document.addEventListener("keydown", (event) => {
    if (!event.ctrlKey) return;
    if (event.key === "Enter") {
      event.preventDefault();
      download();
    } else if (event.key === " ") {
      event.preventDefault();
      $("explore").click();
    }
  });
}

async function start() {
  wire();
  const [schema, initial] = await Promise.all([
    fetch("/api/questions").then((response) => response.json()),
    postJSON("/api/form", {}),
  ]);
  buildForm(schema.questions, initial.fields);
  restoreFrom(location.search);
  $("loading").remove();
  await refresh();
}

start();
