package config_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/server/config"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := config.Load(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != "./data" || c.MongoURI != "" || c.BodyLimit != 10<<20 || c.ReadTimeout != 30*time.Second {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestFlagWinsOverEnv(t *testing.T) {
	c, err := config.Load([]string{"-addr", ":9000"}, env(map[string]string{"FORMLOOM_ADDR": ":7000", "FORMLOOM_DATA_DIR": "/tmp/x"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" || c.DataDir != "/tmp/x" {
		t.Fatalf("got %+v", c)
	}
}

func TestBadValuesNameTheSetting(t *testing.T) {
	_, err := config.Load(nil, env(map[string]string{"FORMLOOM_BODY_LIMIT": "lots", "FORMLOOM_TIMEZONE": "Mars/Base"}), io.Discard)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"FORMLOOM_BODY_LIMIT", "FORMLOOM_TIMEZONE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}
