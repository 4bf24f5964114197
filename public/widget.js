/*! Course assistant chat widget v1. Embed with:
 * <script src="https://ASSISTANT_HOST/widget.js" data-site-key="ws_..." async></script>
 * Options (data-*): position ("right" | "left"), color (#hex), lang ("ru" | "en"), greeting,
 * open ("true" to open on load), identity (a JWT your server signs, see the README).
 */
(function () {
  "use strict";
  var VERSION = "1.0.0";
  var script = document.currentScript;
  if (!script || window.CourseAssistantWidget) return;
  var data = script.dataset;
  var base = new URL(script.src).origin;
  var siteKey = data.siteKey || "";
  var lang = data.lang === "en" ? "en" : data.lang === "ru" ? "ru" : (document.documentElement.lang || "ru").slice(0, 2) === "en" ? "en" : "ru";
  var color = /^#[0-9a-f]{3,8}$/i.test(data.color || "") ? data.color : "#2563eb";
  var left = data.position === "left";
  var text = {
    ru: { open: "Открыть чат с ассистентом курса", close: "Закрыть чат", title: "Ассистент курса", failed: "Чат сейчас недоступен." },
    en: { open: "Open the course assistant chat", close: "Close the chat", title: "Course assistant", failed: "The chat is unavailable right now." },
  }[lang];

  // A custom element in a closed shadow root: the page's styles cannot reach the widget, and
  // the widget's styles cannot reach the page.
  var host = document.createElement("course-assistant-widget");
  host.setAttribute("style", "all:initial;position:fixed;z-index:2147483000;bottom:0;" + (left ? "left:0" : "right:0"));
  var root = host.attachShadow({ mode: "closed" });
  root.innerHTML =
    "<style>" +
    ":host{all:initial}*{box-sizing:border-box;font:14px/1.4 system-ui,sans-serif}" +
    ".launcher{position:fixed;bottom:20px;" + (left ? "left" : "right") + ":20px;width:56px;height:56px;border:0;border-radius:50%;background:" + color + ";color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center}" +
    ".launcher:focus-visible,.close:focus-visible{outline:3px solid #111;outline-offset:2px}" +
    ".panel{position:fixed;bottom:88px;" + (left ? "left" : "right") + ":20px;width:min(400px,calc(100vw - 40px));height:min(620px,calc(100vh - 120px));background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden}" +
    ".panel[hidden]{display:none}" +
    ".bar{display:flex;align-items:center;justify-content:space-between;padding:10px 12px;background:" + color + ";color:#fff}" +
    ".bar strong{font-weight:600}.close{border:0;background:transparent;color:#fff;font-size:22px;line-height:1;cursor:pointer;padding:2px 8px;border-radius:6px}" +
    "iframe{flex:1;width:100%;border:0}.notice{padding:16px;color:#7f1d1d}" +
    "@media (max-width:640px){.panel{inset:0;width:100%;height:100%;bottom:0;border-radius:0}.launcher{bottom:16px}}" +
    "</style>" +
    '<button class="launcher" type="button" aria-haspopup="dialog" aria-expanded="false"><svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg></button>' +
    '<div class="panel" role="dialog" aria-modal="true" hidden><div class="bar"><strong></strong><button class="close" type="button">×</button></div></div>';
  var launcher = root.querySelector(".launcher");
  var panel = root.querySelector(".panel");
  var closeButton = root.querySelector(".close");
  launcher.setAttribute("aria-label", text.open);
  closeButton.setAttribute("aria-label", text.close);
  panel.setAttribute("aria-label", text.title);
  root.querySelector("strong").textContent = text.title;

  var frame = null;
  var session = null;

  function notice(message) {
    var old = root.querySelector(".notice, iframe");
    if (old) old.remove();
    frame = null;
    var p = document.createElement("p");
    p.className = "notice";
    p.setAttribute("role", "alert");
    p.textContent = message;
    panel.appendChild(p);
  }

  // The session is asked for from this page, so the browser states this site's origin and the
  // assistant can check it against the widget's allowlist.
  function openSession() {
    return fetch(base + "/api/widget/session?site=" + encodeURIComponent(siteKey), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(data.identity ? { identity: data.identity } : {}),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error((body.error && body.error.message) || text.failed);
        return body;
      });
    });
  }

  function sendSession() {
    if (frame && session) frame.contentWindow.postMessage({ type: "course-assistant:session", token: session.token, greeting: data.greeting || "" }, base);
  }

  function load() {
    openSession().then(
      function (opened) {
        session = opened;
        root.querySelector("strong").textContent = opened.course.title;
        frame = document.createElement("iframe");
        frame.title = text.title + ": " + opened.course.title;
        frame.src = base + "/embed/" + encodeURIComponent(siteKey) + "?lang=" + lang;
        frame.addEventListener("load", sendSession);
        var old = root.querySelector(".notice");
        if (old) old.remove();
        panel.appendChild(frame);
      },
      function (error) {
        notice(error.message || text.failed);
      },
    );
  }

  function setOpen(open) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    if (open) {
      if (!frame && !root.querySelector(".notice")) load();
      closeButton.focus();
    } else {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", function () {
    setOpen(panel.hidden);
  });
  closeButton.addEventListener("click", function () {
    setOpen(false);
  });
  // Focus stays in the dialog while it is open: Tab moves between the close button and the chat.
  root.addEventListener("keydown", function (event) {
    if (panel.hidden) return;
    if (event.key === "Escape") {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === "Tab") {
      event.preventDefault();
      if (frame && root.activeElement === closeButton) frame.focus();
      else closeButton.focus();
    }
  });
  // Focus that leaves the widget while it is open (Tab out of the chat) is brought back.
  document.addEventListener("focusin", function (event) {
    if (!panel.hidden && event.target !== host) closeButton.focus();
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== base || !frame || event.source !== frame.contentWindow) return;
    var type = event.data && event.data.type;
    if (type === "course-assistant:escape") setOpen(false);
    else if (type === "course-assistant:ready") sendSession();
    else if (type === "course-assistant:expired") {
      openSession().then(function (opened) {
        session = opened;
        sendSession();
      }, function (error) {
        notice(error.message || text.failed);
      });
    }
  });

  window.CourseAssistantWidget = { version: VERSION, open: function () { setOpen(true); }, close: function () { setOpen(false); } };
  function mount() {
    document.body.appendChild(host);
    if (data.open === "true") setOpen(true);
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
