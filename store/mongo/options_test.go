package mongo

import (
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/connstring"
)

// The connection string's options are the operator's: Open fills only what it leaves out.
func TestConnectionStringOptionsAreKept(t *testing.T) {
	parse := func(uri string) *connstring.ConnString {
		t.Helper()
		cs, err := connstring.ParseAndValidate(uri)
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	uri := "mongodb://h/db?retryWrites=false&retryReads=false&connectTimeoutMS=1500&serverSelectionTimeoutMS=2500&timeoutMS=4000&tls=true"
	co := clientOptions(parse(uri), Options{URI: uri})
	if co.RetryWrites == nil || *co.RetryWrites || co.RetryReads == nil || *co.RetryReads {
		t.Errorf("retries turned back on: %v %v", co.RetryWrites, co.RetryReads)
	}
	if *co.ConnectTimeout != 1500*time.Millisecond || *co.ServerSelectionTimeout != 2500*time.Millisecond || *co.Timeout != 4*time.Second {
		t.Errorf("timeouts: %v %v %v", *co.ConnectTimeout, *co.ServerSelectionTimeout, *co.Timeout)
	}
	if co.TLSConfig == nil {
		t.Error("tls dropped")
	}
	plain := "mongodb://h/db"
	co = clientOptions(parse(plain), Options{URI: plain})
	if *co.ConnectTimeout != 10*time.Second || *co.Timeout != DefaultOperationTimeout {
		t.Errorf("defaults: %v %v", *co.ConnectTimeout, *co.Timeout)
	}
	if co.RetryWrites != nil && !*co.RetryWrites {
		t.Error("retryable writes off by default")
	}

	for _, c := range []struct {
		uri, opt string
		want     any
	}{
		{"mongodb://h/db", "", "majority"},
		{"mongodb://h/db?w=1", "", 1},
		{"mongodb://h/db?w=2", "", 2},
		{"mongodb://h/db?w=majority", "", "majority"},
		{"mongodb://h/db?w=1", "majority", "majority"},
		{"mongodb://h/db", "3", 3},
	} {
		wc, err := writeConcern(parse(c.uri), Options{WriteConcern: c.opt})
		if err != nil || wc.W != c.want {
			t.Errorf("%s with %q: %v %v, want %v", c.uri, c.opt, wc, err, c.want)
		}
	}
	if _, err := writeConcern(parse("mongodb://h/db?w=0"), Options{}); err == nil {
		t.Error("w=0 accepted")
	}
	if wc, _ := writeConcern(parse("mongodb://h/db?journal=true"), Options{}); wc.Journal == nil || !*wc.Journal || wc.W != "majority" {
		t.Errorf("journal: %+v", wc)
	}
}
