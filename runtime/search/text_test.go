package search

import (
	"slices"
	"strings"
	"testing"
)

func TestGramsAndQueries(t *testing.T) {
	g := " " + grams("禾丰超市 Acme-01 x") + " "
	for _, want := range []string{"禾丰", "丰超", "超市", "市", "ac", "me", "a", "c", "e", "01", "0", "1", "x"} {
		if !strings.Contains(g, " "+want+" ") {
			t.Errorf("no gram %q in %q", want, g)
		}
	}
	// A Chinese character that goes on in its run is the start of a bigram, not a gram.
	for _, not := range []string{"市a", "e-", "-0", "禾丰超", "禾", "丰", "超"} {
		if strings.Contains(g, " "+not+" ") {
			t.Errorf("gram %q in %q", not, g)
		}
	}
	for _, c := range []struct {
		ts   []string
		want string
	}{
		{[]string{"禾丰"}, `"禾丰"`},
		{[]string{"禾"}, `"禾"*`},
		{[]string{"禾丰超市"}, `"禾丰" AND "丰超" AND "超市"`},
		// Runs split at punctuation; a one-character run is its unigram; repeats go.
		{[]string{"Acme-01", "me"}, `"ac" AND "cm" AND "me" AND "01"`},
		{[]string{"a.b", "禾丰超"}, `"a" AND "b" AND "禾丰" AND "丰超"`},
		{[]string{"禾-丰"}, `"禾" AND "丰"*`},
		{[]string{"a-"}, `"a"`},
		{[]string{`%"`, "---"}, ""},
	} {
		if q := gramQuery(c.ts); q != c.want {
			t.Errorf("gramQuery %q = %s, want %s", c.ts, q, c.want)
		}
	}
	if q := quote(`a"b`); q != `"a""b"` {
		t.Errorf("quote = %s", q)
	}
	if ts := terms("  Harvest   禾丰 "); len(ts) != 2 || ts[0] != "harvest" || ts[1] != "禾丰" {
		t.Errorf("terms = %q", ts)
	}
}

func TestRecordText(t *testing.T) {
	txt := recordText([]byte(`{"name":"禾丰超市","owner":"d4nq0s5vmbfc73aq7ab0","items":[{"sku":"苹果"}],"n":3,"tags":["vip"]}`))
	for _, want := range []string{"禾丰超市", "苹果", "vip"} {
		if !strings.Contains(txt, want) {
			t.Errorf("no %q in %q", want, txt)
		}
	}
	if strings.Contains(txt, "d4nq0s5vmbfc73aq7ab0") {
		t.Errorf("an identifier is indexed: %q", txt)
	}
	long := recordText([]byte(`{"a":"` + strings.Repeat("禾", maxIndexedBytes) + `"}`))
	if len(long) > maxIndexedBytes || !strings.HasPrefix(long, "禾") {
		t.Errorf("long text is %d bytes", len(long))
	}
}

func TestSnippet(t *testing.T) {
	text := []rune("客户名称：禾丰超市，地址：禾丰路 8 号")
	segs := snippet(text, lower(string(text)), []string{"禾丰"})
	var hits []string
	var all strings.Builder
	for _, s := range segs {
		all.WriteString(s.Text)
		if s.Hit {
			hits = append(hits, s.Text)
		}
	}
	if len(hits) != 2 || hits[0] != "禾丰" || all.String() != string(text) {
		t.Errorf("segments %+v", segs)
	}
	long := []rune(strings.Repeat("甲", 100) + "Harvest" + strings.Repeat("乙", 200))
	segs = snippet(long, lower(string(long)), []string{"harvest"})
	if segs[0].Text != "…" || segs[len(segs)-1].Text != "…" || !segs[2].Hit || segs[2].Text != "Harvest" {
		t.Errorf("long snippet %+v", segs)
	}
}

// TestGatheredTextIsTheRecordsText: a record's text gathered from its fields before its
// serial number is taken, then given the number, is the text and grams the index would
// find in the stored record (the order of lines aside, which a map does not keep).
func TestGatheredTextIsTheRecordsText(t *testing.T) {
	var c indexedCollection
	g := c.GatherText([]byte(`{"name":"禾丰超市","owner":"d4nq0s5vmbfc73aq7ab0","items":[{"sku":"苹果"}],"n":3,"leadNo":""}`))
	g.Add("XS-2026-00042")
	g.Add("d4nq0s5vmbfc73aq7ab1") // an identifier: not text
	g.Add("")
	whole := recordText([]byte(`{"name":"禾丰超市","owner":"d4nq0s5vmbfc73aq7ab0","items":[{"sku":"苹果"}],"n":3,"leadNo":"XS-2026-00042"}`))
	gt := g.(*gatheredText)
	if got, want := sortedSplit(gt.text.String(), "\n"), sortedSplit(whole, "\n"); got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
	if got, want := sortedSplit(gt.grams.String(), " "), sortedSplit(grams(whole), " "); got != want {
		t.Fatalf("grams %q, want %q", got, want)
	}
	if c.GatherText([]byte(`{"name":`)) != nil {
		t.Fatal("fields that do not decode gave a text")
	}
}

func sortedSplit(s, sep string) string {
	parts := strings.Split(s, sep)
	slices.Sort(parts)
	return strings.Join(parts, sep)
}
