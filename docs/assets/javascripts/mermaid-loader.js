/*
 * Mermaid 다이어그램을 이 사이트의 파일로, 필요할 때만 그립니다.
 *
 * Material 테마는 window.mermaid 가 없으면 unpkg.com 에서 Mermaid 를 받아 옵니다.
 * 이 스크립트는 window.mermaid 자리에 작은 대리 객체를 두어 그 요청을 막고, 필요할 때
 * 저장소에 넣어 둔 Mermaid(vendor/mermaid/, 버전과 해시는 scripts/vendor-js.sh)를 불러
 * Material 이 요청한 그리기를 넘깁니다.
 *
 * - http(s): ESM 빌드를 import() 합니다. 그리는 종류의 조각만 받습니다 (흐름도 ≈ 1 MB).
 * - file:// (오프라인 사본): 모듈 스크립트가 막히므로 한 파일 빌드(mermaid.min.js)를 씁니다.
 * 언제: 다이어그램이 화면에 들어오거나, 독자가 처음 스크롤할 때(그 사이 미리 그려 둠), 또는
 * 인쇄할 때. 그래서 다이어그램이 없는 페이지와 다이어그램이 첫 화면 밖에 있는 페이지는
 * 첫 로딩에 Mermaid 를 싣지 않습니다 (모바일 Lighthouse 성능 점수의 대부분이 여기서 갈림).
 */
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

  window.addEventListener("beforeprint", load);
})();
