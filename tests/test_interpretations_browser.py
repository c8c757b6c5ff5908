"""A video interpretation page of a real build plays in headless Chromium (issue 4: "Done when").

Debian's Chromium driven by Playwright, like every browser test (tests/browser.py).
"""

import datetime as dt

from browser import serve
from lifecycle_fixtures import CODE, FEATURES, lifecycle_site

from gkssg.build import pipeline as build
from gkssg.features import registry

# Play the page's own <video>, then every <source> alone, so both mp4 and webm are proven.
PLAY_EVERY_SOURCE = """() => new Promise(function (done) {
var page = document.querySelector('video');
var sources = Array.prototype.map.call(page.querySelectorAll('source'), function (s) { return s.src; });
var results = {poster: page.poster, tracks: page.textTracks.length, sources: {}};
function each(i) {
  if (i === sources.length) { done(results); return; }
  var v = document.createElement('video');
  v.muted = true;
  v.addEventListener('ended', function () { results.sources[sources[i]] = 'ended:' + v.videoWidth; each(i + 1); });
  v.addEventListener('error', function () { results.sources[sources[i]] = 'error'; each(i + 1); });
  v.src = sources[i];
  v.play().catch(function (e) { results.sources[sources[i]] = 'playfail:' + e; each(i + 1); });
}
page.muted = true;
page.addEventListener('ended', function () { results.page = page.currentSrc; each(0); });
page.addEventListener('error', function () { results.page = 'error'; each(0); }, true);
page.play().catch(function (e) { results.page = 'playfail:' + e; each(0); });
setTimeout(function () { results.timeout = true; done(results); }, 20000);
})"""


def test_video_interpretation_plays_in_headless_chromium(tmp_path, monkeypatch, browser):
    monkeypatch.setattr(registry, "REGISTRY", tuple(FEATURES))
    out = tmp_path / "out"
    build.build_site(lifecycle_site(tmp_path / "s"), out, dt.date(2021, 7, 1))
    with serve(out) as base:
        page = browser.new_page()
        try:
            page.goto(f"{base}docs/{CODE}-2020-00006.html")
            result = page.evaluate(PLAY_EVERY_SOURCE)
        finally:
            page.close()
    assert "timeout" not in result, result
    assert result["page"].endswith("/files/cq/jd.webm"), result  # the first source the browser chose
    assert result["poster"].endswith("/files/cq/poster.png") and result["tracks"] == 1
    assert sorted(result["sources"].values()) == ["ended:64", "ended:64"], result  # webm and mp4 both play
