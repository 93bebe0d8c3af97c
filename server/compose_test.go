package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The compose files cannot be run here (no Docker); these tests read them and hold them to
// what docs/operations.md promises: health on /readyz, no default password, MongoDB with
// authentication and a keyfile, ports on localhost unless the operator says otherwise.

type composeFile struct {
	Services map[string]composeService `yaml:"services"`
}

type composeService struct {
	Image       string            `yaml:"image"`
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
	Ports       yaml.Node         `yaml:"ports"`
	Healthcheck struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
}

func readCompose(t *testing.T, path string) (composeFile, string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f composeFile
	if err := yaml.Unmarshal(raw, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f, string(raw)
}

// ports lists a service's published ports ("host:port:container").
func ports(t *testing.T, n yaml.Node) []string {
	t.Helper()
	if n.Kind == 0 {
		return nil
	}
	var out []string
	if err := n.Decode(&out); err != nil {
		t.Fatalf("ports: %v", err)
	}
	return out
}

func TestComposeIsSafeToRun(t *testing.T) {
	f, raw := readCompose(t, "../docker-compose.yml")
	app, ok := f.Services["formloom"]
	if !ok {
		t.Fatal("no formloom service")
	}
	// Health: the binary's healthcheck command, which asks /readyz (TestHealthcheckCommand,
	// server/main.go), so the app is unhealthy while MongoDB does not answer.
	if !slices.Equal(app.Healthcheck.Test, []string{"CMD", "/formloom", "healthcheck"}) {
		t.Errorf("formloom healthcheck = %v, want the healthcheck command (/readyz)", app.Healthcheck.Test)
	}
	// No default administrator password: unset means a random one printed once.
	if pw, ok := app.Environment["FORMLOOM_ADMIN_PASSWORD"]; !ok || pw != "${FORMLOOM_ADMIN_PASSWORD:-}" {
		t.Errorf("FORMLOOM_ADMIN_PASSWORD = %q, want the operator's or nothing", pw)
	}
	for _, bad := range []string{"change-me", "changeme", "password123"} {
		if strings.Contains(strings.ToLower(raw), bad) {
			t.Errorf("docker-compose.yml holds a default password (%q)", bad)
		}
	}
	// Every published port is on 127.0.0.1 unless FORMLOOM_BIND says otherwise.
	for name, svc := range f.Services {
		for _, p := range ports(t, svc.Ports) {
			if !strings.HasPrefix(p, "${FORMLOOM_BIND:-127.0.0.1}:") {
				t.Errorf("%s publishes %q on every interface", name, p)
			}
		}
	}
	// MongoDB: authentication with a root user from the environment (required, no
	// default password), a keyfile for the replica set, no published port.
	mongo, ok := f.Services["mongo"]
	if !ok {
		t.Fatal("no mongo service")
	}
	if !slices.Contains(mongo.Command, "--keyFile") || !slices.Contains(mongo.Command, "--replSet") {
		t.Errorf("mongod command %v lacks --keyFile or --replSet", mongo.Command)
	}
	if mongo.Environment["MONGO_INITDB_ROOT_USERNAME"] == "" ||
		!strings.Contains(mongo.Environment["MONGO_INITDB_ROOT_PASSWORD"], ":?") {
		t.Errorf("mongo root user %q / password %q: want a user and a required password",
			mongo.Environment["MONGO_INITDB_ROOT_USERNAME"], mongo.Environment["MONGO_INITDB_ROOT_PASSWORD"])
	}
	if p := ports(t, mongo.Ports); len(p) > 0 {
		t.Errorf("mongo publishes %v", p)
	}
	uri := app.Environment["FORMLOOM_MONGODB_URI"]
	for _, want := range []string{"${MONGO_ROOT_PASSWORD:?", "@mongo:27017/", "replicaSet=rs0", "authSource=admin"} {
		if !strings.Contains(uri, want) {
			t.Errorf("FORMLOOM_MONGODB_URI %q lacks %q", uri, want)
		}
	}
}

func TestComposeScaleFileRunsSeveralInstancesBehindAProxy(t *testing.T) {
	f, _ := readCompose(t, "../deploy/compose.scale.yml")
	app := f.Services["formloom"]
	// The instances give up the host port (!reset), the proxy takes it, on localhost.
	if app.Ports.Tag != "!reset" {
		t.Errorf("formloom ports in the scale file: tag %q, want !reset", app.Ports.Tag)
	}
	proxy, ok := f.Services["proxy"]
	if !ok {
		t.Fatal("no proxy service")
	}
	p := ports(t, proxy.Ports)
	if len(p) != 1 || !strings.HasPrefix(p[0], "${FORMLOOM_BIND:-127.0.0.1}:") {
		t.Errorf("proxy ports %v, want one on 127.0.0.1 by default", p)
	}
	caddy, err := os.ReadFile("../deploy/Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(caddy), "health_uri /readyz") {
		t.Error("the proxy does not leave out instances whose /readyz fails")
	}
}
