/*
 * Mermaid 다이어그램: 빌드할 때 그린 SVG 를 보여 주고, 그렇지 못한 것만 브라우저에서 그립니다.
 *
 * 보통은 빌드가 다이어그램을 SVG 로 그려 페이지에 넣습니다 (hooks/diagrams.py). Material 처럼
 * shadow root 안에 두되, 스크립트 없이 선언형(<template shadowrootmode="open">)으로 둡니다.
 * 이 파일은 두 가지만 합니다.
 *
 * 1. 선언형 shadow DOM 을 모르는 오래된 브라우저에서 그 template 을 shadow root 로 붙입니다.
 * 2. 빌드한 기계에 chromium 이 없어 <pre class="mermaid"> 로 남은 다이어그램(예: 노트북의
 *    make serve)은 브라우저가 그립니다. Material 테마는 window.mermaid 가 없으면 unpkg.com 에서
 *    Mermaid 를 받아 오므로, window.mermaid 자리에 작은 대리 객체를 두어 그 요청을 막고,
 *    저장소에 넣어 둔 Mermaid(vendor/mermaid/, 버전과 해시는 scripts/vendor-js.sh)를 불러
 *    Material 이 요청한 그리기를 넘깁니다.
 *    - http(s): ESM 빌드를 import() 합니다. 그리는 종류의 조각만 받습니다 (흐름도 ≈ 1 MB).
 *    - file:// (오프라인 사본): 모듈 스크립트가 막히므로 한 파일 빌드(mermaid.min.js)를 씁니다.
 *    언제: 다이어그램이 화면에 들어오거나, 독자가 처음 스크롤할 때(그 사이 미리 그려 둠), 또는
 *    인쇄할 때. 다이어그램이 첫 화면 밖에 있으면 첫 로딩에 Mermaid 를 싣지 않습니다.
 */
(function () {
  "use strict";

  // 1. 선언형 shadow DOM (Chrome 111+, Safari 16.4+, Firefox 123+ 는 파서가 직접 붙임)
  if (!Object.prototype.hasOwnProperty.call(HTMLTemplateElement.prototype, "shadowRootMode")) {
    document.querySelectorAll("template[shadowrootmode]").forEach(function (template) {
      var host = template.parentNode;
      if (host.shadowRoot) return;
      host.attachShadow({ mode: template.getAttribute("shadowrootmode") }).appendChild(template.content);
      template.remove();
    });
  }
})();

// 2. 빌드 때 그리지 못한 다이어그램을 위한 Mermaid 대리 객체
(function () {
  "use strict";

  var script = document.currentScript;
  var base = new URL("vendor/mermaid/", script ? script.src : location.href);
  var settings = null;
  var started = false;
  var observer = null; // 다이어그램이 화면에 들어오는지 지켜봄
  var resolveLoaded, rejectLoaded;
  var loaded = new Promise(function (resolve, reject) {
    resolveLoaded = resolve;
    rejectLoaded = reject;
  });

  function ready(mermaid) {
    if (settings) mermaid.initialize(settings);
    resolveLoaded(mermaid);
  }

  function fail() {
    rejectLoaded(new Error("Mermaid 를 불러오지 못했습니다: " + base.href));
  }

  function loadClassic() {
    var tag = document.createElement("script");
    tag.src = new URL("mermaid.min.js", base).href;
    tag.onload = function () {
      ready(window.mermaid); // 한 파일 빌드는 window.mermaid 를 진짜로 바꿔 놓습니다
    };
    tag.onerror = fail;
    document.head.appendChild(tag);
  }

  function load() {
    if (started) return;
    started = true;
    if (observer) observer.disconnect();
    if (location.protocol === "file:") return loadClassic();
    import(new URL("mermaid.esm.min.mjs", base).href).then(function (module) {
      ready(module.default);
    }, fail);
  }

  function watch() {
    if (started) return;
    if (!("IntersectionObserver" in window)) return load();
    if (!observer) {
      observer = new IntersectionObserver(
        function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) load();
        },
        { rootMargin: "0px" }
      );
      // 첫 스크롤에서 미리 불러 둡니다: 독자가 다이어그램에 닿기 전에 그려지도록
      window.addEventListener("scroll", load, { once: true, passive: true });
    }
    document.querySelectorAll("pre.mermaid").forEach(function (pre) {
      observer.observe(pre);
    });
  }

  // Material 이 부르는 두 함수만 흉내 냅니다: initialize(설정), render(id, 원문) → Promise
  window.mermaid = {
    initialize: function (options) {
      settings = options;
    },
    render: function (id, text) {
      watch();
      return loaded.then(function (mermaid) {
        return mermaid.render(id, text);
      });
    },
  };

  window.addEventListener("beforeprint", function () {
    if (document.querySelector("pre.mermaid")) load(); // 빌드 때 다 그렸다면 받을 것이 없음
  });
})();
