/*
 * 네트워크 노트: 한국어 검색 워커. Material 의 검색 워커를 감싸, 색인과 질의에 같은 정규화를 겁니다.
 *
 * hooks/search_ko.py 가 빌드할 때 이 파일 앞에 Material 워커의 파일 이름을 붙여
 * assets/javascripts/workers/search-ko.<해시>.js 로 쓰고, 페이지의 검색 설정이 그 파일을 가리키게
 * 합니다. 검색 화면(입력창, 결과, 강조, 키보드)은 Material 그대로이고, 바뀌는 것은 낱말 처리뿐입니다.
 *
 * 정규화 N(낱말) = ㅐ/ㅔ 접기(조사·어미 떼기(소문자 낱말)). 규칙과 동의어표는 색인 파일의
 * config.ko 에 실려 옵니다 (includes/search-synonyms.yml). 같은 함수를 양쪽에 씁니다:
 *
 * - 색인: lunr 파이프라인 함수가 본문의 낱말 t 마다 t, N(t), 동의어의 대표형을 같은 위치로 넣습니다.
 *   위치가 같으므로 "레디스"로 찾은 결과에서도 본문의 "Redis"가 강조됩니다.
 * - 질의: 낱말 q 마다 N(q)(앞부분 일치), q, 대표형을 찾고, 더해서
 *   - 띄어쓰기: 붙여 쓴 질의는 색인에 있는 낱말로 쪼개 보고("로드밸런서" → 로드 + 밸런서),
 *     띄어 쓴 질의는 붙여 봅니다("로드 밸런서" → 로드밸런서).
 *   - 오타: 찾는 것이 하나도 없는 낱말만, 한글은 자모 하나를 바꾼 낱말 중 색인에 있는 것을,
 *     영어는 lunr 의 편집 거리 1 검색을 씁니다.
 *   - "방법", "차이" 같은 말은 다른 낱말이 있으면 뺍니다.
 * - 결과: 포함되지 않은 검색어 표시와 추천어를 사용자가 친 낱말로 되돌립니다.
 *
 * 오프라인 사본(file://)에서는 iframe-worker shim 이 이 파일을 iframe 안에서 돌립니다.
 */
(function () {
  "use strict";

  var SETUP = 0; // Material 의 SearchMessageType
  var QUERY = 2;
  var RESULT = 3;
  var HANGUL = /[\uac00-\ud7a3]/;
  var ONLY_HANGUL = /^[\uac00-\ud7a3]+$/;

  var rules = null; // {endings, synonyms, stopwords, separator}
  var index = null; // 만들어진 lunr 색인 (질의를 쪼개고 오타를 고칠 때 낱말 목록으로 씀)
  var surface = Object.create(null); // 정규화한 낱말 → 본문에 나온 모양 (추천어 표시)
  var origin = Object.create(null); // 질의 절의 낱말 → 사용자가 친 낱말들
  var secondary = Object.create(null); // 대표형이 아닌 질의 변형 (추천어 질의에서는 뺌)
  var approximate = Object.create(null); // 오타로 보고 비슷한 낱말로 찾은 사용자 낱말
  var lunr = null;

  /* -- 정규화 (hooks/search_ko.py 의 strip_ending 과 같은 규칙) ------------------------ */

  // 조사·어미 떼기 (두 번까지: "멱등성이란" → 멱등성 → 멱등).
  // 한 글자짜리는 남는 한글이 두 글자 이상일 때만 ("정의", "경로"는 그대로)
  function strip(word) {
    return stripOnce(stripOnce(word));
  }

  function stripOnce(word) {
    if (!HANGUL.test(word.slice(-1))) return word;
    for (var size = Math.min(word.length - 1, rules.longest); size > 0; size--) {
      if (!rules.endingSet[word.slice(-size)]) continue;
      var stem = word.slice(0, -size);
      if (!ONLY_HANGUL.test(stem) || size > 1 || stem.length >= 2) return stem;
    }
    return word;
  }

  // ㅐ/ㅔ, ㅒ/ㅖ, ㅙ/ㅚ/ㅞ 를 하나로 (가장 흔한 한글 맞춤법 혼동)
  var FOLD = { 5: 1, 7: 3, 11: 10, 15: 10 };
  function fold(word) {
    var out = "";
    for (var i = 0; i < word.length; i++) {
      var code = word.charCodeAt(i) - 0xac00;
      if (code < 0 || code > 11171) {
        out += word[i];
        continue;
      }
      var vowel = Math.floor((code % 588) / 28);
      if (vowel in FOLD) code += (FOLD[vowel] - vowel) * 28;
      out += String.fromCharCode(0xac00 + code);
    }
    return out;
  }

  function lower(word) {
    return word.normalize("NFC").toLowerCase();
  }

  function normal(word) {
    return fold(strip(lower(word)));
  }

  // 동의어표의 열쇠: 띄어쓰기·구분자를 없애고 정규화
  function key(word) {
    return normal(lower(word).split(rules.separator).join(""));
  }

  // 대표형(정규화한 조각들) 또는 null
  function canonical(word) {
    var found = rules.table[key(word)] || rules.table[fold(lower(word))];
    return found || null;
  }

  function setRules(config) {
    var ko = config.ko;
    rules = {
      endingSet: Object.create(null),
      longest: 0,
      stopwords: ko.query_stopwords,
      separator: new RegExp(config.separator, "g"),
      table: Object.create(null),
    };
    ko.endings.forEach(function (ending) {
      rules.endingSet[ending] = true;
      rules.longest = Math.max(rules.longest, ending.length);
    });
    Object.keys(ko.synonyms).forEach(function (head) {
      var pieces = lower(head)
        .split(rules.separator)
        .filter(Boolean)
        .map(normal);
      [head].concat(ko.synonyms[head]).forEach(function (variant) {
        var k = key(variant);
        if (k && k !== pieces.join("")) rules.table[k] = pieces;
      });
    });
  }

  /* -- 색인 쪽 ----------------------------------------------------------------------- */

  function indexForms(token) {
    var word = token.toString();
    var forms = [normal(word)];
    var found = canonical(word) || canonical(strip(word));
    if (found && found.length === 1) forms.push(found[0]);
    var tokens = [token];
    forms.forEach(function (form) {
      if (form === word || !form) return;
      if (!(form in surface)) surface[form] = word;
      tokens.push(
        token.clone(function () {
          return form;
        })
      );
    });
    return tokens;
  }

  /* -- 질의 쪽 ----------------------------------------------------------------------- */

  // 색인에 이 앞부분으로 시작하는 낱말이 있나 (lunr 의 TokenSet 을 따라감)
  function hasPrefix(prefix) {
    if (!index) return true;
    var node = index.tokenSet;
    for (var i = 0; i < prefix.length && node; i++) node = node.edges[prefix[i]];
    return Boolean(node);
  }

  function isTerm(word) {
    return Boolean(index) && Object.prototype.hasOwnProperty.call(index.invertedIndex, word);
  }

  // 붙여 쓴 한글 낱말을 색인에 있는 낱말들로 쪼갭니다 ("이벤트루프" → 이벤트 + 루프).
  // 조각은 모두 색인에 그대로 있는 낱말이어야 하고, 앞부분 일치가 아니라 그 낱말로만 찾습니다
  // ("루프"가 제목의 "루프백"까지 끌어오지 않도록).
  function split(word) {
    if (!ONLY_HANGUL.test(word) || word.length < 3) return null;
    for (var i = word.length - 1; i >= 1; i--) {
      var head = word.slice(0, i);
      var tail = word.slice(i);
      if (!isTerm(head)) continue;
      if (tail.length >= 2 && isTerm(tail)) return [head, tail];
      var rest = split(tail);
      if (rest) return [head].concat(rest);
    }
    return null;
  }

  // 자모 하나만 바꾼 낱말 중 색인에 있는 것 (최대 4개): "쿠기" → 쿠키, "졍책" → 정책
  function jamoNeighbours(word) {
    var found = [];
    for (var i = 0; i < word.length && found.length < 4; i++) {
      var code = word.charCodeAt(i) - 0xac00;
      if (code < 0 || code > 11171) continue;
      var parts = [Math.floor(code / 588), Math.floor((code % 588) / 28), code % 28];
      var sizes = [19, 21, 28];
      for (var p = 0; p < 3; p++)
        for (var v = 0; v < sizes[p]; v++) {
          if (v === parts[p]) continue;
          var next = parts.slice();
          next[p] = v;
          var syllable = String.fromCharCode(0xac00 + next[0] * 588 + next[1] * 28 + next[2]);
          var candidate = normal(word.slice(0, i) + syllable + word.slice(i + 1));
          if (candidate !== word && found.indexOf(candidate) < 0 && hasPrefix(candidate)) found.push(candidate);
        }
    }
    return found.slice(0, 4);
  }

  // 질의 낱말 하나 → [{term, fuzzy, exact}], 첫째가 대표
  function queryVariants(raw) {
    var word = lower(raw);
    var out = [];
    var add = function (term, fuzzy, exact) {
      fuzzy = fuzzy || 0;
      if (term && !out.some(function (v) { return v.term === term && v.fuzzy === fuzzy; }))
        out.push({ term: term, fuzzy: fuzzy, exact: Boolean(exact) });
    };
    var base = normal(word);
    add(base);
    add(word);
    var found = canonical(word) || canonical(strip(word));
    if (found) found.forEach(function (piece) { add(piece); });
    var pieces = split(base);
    if (pieces) pieces.forEach(function (piece) { add(piece, 0, true); });
    else if (!ONLY_HANGUL.test(base) && scriptPieces(base) && !hasPrefix(base))
      scriptPieces(base).forEach(function (piece) { add(piece); });
    var anyHit = out.some(function (v) { return hasPrefix(v.term); });
    if (!anyHit) {
      if (ONLY_HANGUL.test(base) && base.length >= 2)
        jamoNeighbours(base).forEach(function (t) {
          add(t);
          out[out.length - 1].near = true;
        });
      else if (/^[a-z][a-z0-9_]{3,}$/.test(base)) add(base, 1);
    }
    return out;
  }

  // "api서버" → api + 서버, "http2" → http + 2 (글자 종류가 바뀌는 곳에서)
  function scriptPieces(word) {
    var pieces = word.match(/[\uac00-\ud7a3]+|[a-z]+|[0-9]+|[^\uac00-\ud7a3a-z0-9]+/g);
    return pieces && pieces.length > 1 ? pieces.map(normal) : null;
  }

  function remember(term, words) {
    var list = origin[term] || (origin[term] = []);
    words.forEach(function (w) {
      if (list.indexOf(w) < 0) list.push(w);
    });
  }

  // 질의 문자열: 불용어 빼기, 띄어 쓴 낱말 붙여 보기 (Material 이 낱말로 나누기 전에)
  function rewriteQuery(query) {
    origin = Object.create(null);
    secondary = Object.create(null);
    approximate = Object.create(null);
    var words = query.trim().split(/\s+/).filter(Boolean);
    var plain = function (w) { return !/^[+\-]|[*~^:"]/.test(w); };
    var kept = words.filter(function (w) {
      return !(plain(w) && rules.stopwords.indexOf(lower(w)) >= 0);
    });
    if (kept.length) words = kept;
    var joins = [];
    for (var n = 2; n <= 3; n++)
      for (var i = 0; i + n <= words.length; i++) {
        var group = words.slice(i, i + n);
        if (!group.every(plain) || !group.some(function (w) { return HANGUL.test(w); })) continue;
        var joined = lower(group.join(""));
        if (canonical(joined) || (ONLY_HANGUL.test(normal(joined)) && hasPrefix(normal(joined)))) {
          joins.push(joined);
          remember(normal(joined), group.map(lower));
          remember(joined, group.map(lower));
        }
      }
    return words.concat(joins).join(" ");
  }

  /* -- lunr 에 끼워 넣기 --------------------------------------------------------------- */

  function patch(l) {
    if (l.__netnotesKo) return;
    l.__netnotesKo = true;
    lunr = l;
    lunr.Pipeline.registerFunction(indexForms, "netnotesKo");

    var add = lunr.Builder.prototype.add;
    lunr.Builder.prototype.add = function (doc, attributes) {
      if (!this.__netnotesKo) {
        this.__netnotesKo = true;
        this.pipeline.add(indexForms);
      }
      return add.call(this, doc, attributes);
    };
    var build = lunr.Builder.prototype.build;
    lunr.Builder.prototype.build = function () {
      index = build.call(this);
      return index;
    };

    // 한 낱말의 변형들은 본문의 같은 위치를 가리킵니다: 결과마다 위치를 한 번씩만 넘겨야
    // Material 이 같은 곳에 <mark> 를 두 번 넣어 글자가 깨지지 않습니다.
    var query = lunr.Index.prototype.query;
    lunr.Index.prototype.query = function (fn) {
      var results = query.call(this, fn);
      results.forEach(function (result) {
        var seen = Object.create(null);
        var metadata = result.matchData.metadata;
        Object.keys(metadata).forEach(function (term) {
          Object.keys(metadata[term]).forEach(function (field) {
            var data = metadata[term][field];
            if (!data.position) return;
            var done = seen[field] || (seen[field] = Object.create(null));
            data.position = data.position.filter(function (position) {
              return !done[position] && (done[position] = true);
            });
          });
        });
      });
      return results;
    };

    var clause = lunr.Query.prototype.clause;
    lunr.Query.prototype.clause = function (c) {
      if (!rules || c.__ko || typeof c.term !== "string" || "editDistance" in c) return clause.call(this, c);
      var star = /\*$/.test(c.term);
      var raw = c.term.replace(/\*+$/, "");
      if (!raw || /[*~^]/.test(raw)) return clause.call(this, c);
      var user = origin[lower(raw)] || [lower(raw)];
      var required = c.presence === lunr.Query.presence.REQUIRED;
      if (required && secondary[lower(raw)]) return this;
      var variants = queryVariants(raw);
      for (var i = 0; i < variants.length; i++) {
        if (required && i > 0) break; // 꼭 있어야 하는 절은 대표형 하나로
        var v = variants[i];
        var copy = Object.assign({}, c, { __ko: true });
        if (v.fuzzy) {
          copy.term = v.term;
          copy.editDistance = v.fuzzy;
          copy.wildcard = lunr.Query.wildcard.NONE;
          copy.usePipeline = false;
        } else if (v.exact) {
          copy.term = v.term;
          copy.wildcard = lunr.Query.wildcard.NONE;
        } else {
          copy.term = v.term + (star ? "*" : "");
        }
        remember(v.term, user);
        if (v.fuzzy || v.near) user.forEach(function (w) { approximate[w] = true; });
        if (i > 0 && v.term !== variants[0].term) secondary[v.term] = true;
        clause.call(this, copy);
      }
      return this;
    };
  }

  /* -- 결과 다듬기 --------------------------------------------------------------------- */

  function tidy(result) {
    (result.items || []).forEach(function (group) {
      group.forEach(function (item) {
        delete item.k;
        if (item.parent) delete item.parent.k;
        var terms = {};
        Object.keys(item.terms || {}).forEach(function (term) {
          (origin[term] || [term]).forEach(function (word) {
            terms[word] = terms[word] || item.terms[term] || Boolean(approximate[word]);
          });
        });
        item.terms = terms;
      });
    });
    if (result.suggest) {
      var seen = Object.create(null);
      result.suggest = result.suggest
        .map(function (term) {
          return surface[term] || term;
        })
        .filter(function (term) {
          return !seen[term] && (seen[term] = true);
        });
    }
    return result;
  }

  /* -- 메시지 가로채기 ------------------------------------------------------------------ */

  addEventListener("message", function (event) {
    var message = event.data;
    if (!message) return;
    if (self.lunr) patch(self.lunr);
    if (message.type === SETUP && message.data.config.ko) setRules(message.data.config);
    else if (message.type === QUERY && rules && typeof message.data === "string")
      message.data = rewriteQuery(message.data);
  });

  var post = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === RESULT && rules) tidy(message.data);
    return post.apply(self, arguments);
  };

  // 브라우저 테스트가 파이썬 쪽(hooks/search_ko.py)과 같은 규칙인지 확인할 때 씁니다
  self.__netnotesKo = { strip: strip, normal: normal, variants: queryVariants };

  // Material 의 워커를 이 파일 옆에서 불러옵니다 (iframe 안이면 이 스크립트의 주소 기준)
  var here = typeof document !== "undefined" ? document.querySelector("script[src]").src : self.location.href;
  var loaded = importScripts(new URL(self.__netnotesMaterialWorker, here).href);
  if (loaded && loaded.then)
    loaded.then(function () {
      patch(self.lunr);
    });
  else patch(self.lunr);
})();
