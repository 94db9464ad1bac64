#!/usr/bin/env python3
# Usage: scripts/docres_sample_merges.py CORPUS.jsonl EVENTS.jsonl N [SEED]
# Prints a reproducible sample of in-document merges for hand checking (default seed 6).
import json, random, sys
corpus, events, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 6
texts = {}
for line in open(corpus):
    d = json.loads(line); texts[d['id']] = d['text']
merged = [json.loads(l) for l in open(events)]
merged = [r for r in merged if r['num_mentions'] > 1]
random.Random(seed).shuffle(merged)
for k, r in enumerate(merged[:n]):
    codes = lambda xs: '+'.join(x['code'] + ('<' + x['antecedent']['text'] + '>' if x.get('antecedent') else '') for x in xs) or '-'
    loc = r['location']['name'] if r['location'] else '-'
    print(f"#{k+1} {r['id']} {r['cameo']} {codes(r['actor'])} -> {codes(r['recipient'])} date={r['date']} place={loc} aux={r['aux']}")
    t = texts[r['doc_id']]
    for m in r['mentions']:
        s = m['sentence']
        sent = t[s['start']:s['end']]
        a, b = m['event_span']['start'] - s['start'], m['event_span']['end'] - s['start']
        flag = ' (generic)' if m.get('generic') else ''
        print(f"   s{s['index']}{flag}: {sent[:a]}[[{sent[a:b]}]]{sent[b:]}"[:400])
