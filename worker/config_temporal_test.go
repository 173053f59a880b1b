package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/creatorflow/creatorflow/campaign"
	"github.com/creatorflow/creatorflow/integrations/postgres"
	"github.com/creatorflow/creatorflow/internal/temporalconn/tlstest"
	"github.com/creatorflow/creatorflow/internal/testenv"
	"github.com/creatorflow/creatorflow/starter/cli"
)

// workerEnv is a valid worker environment plus extra; TEMPORAL_CONFIG_FILE
// always points at file, so no developer's own Temporal profile is read.
func workerEnv(file string, extra map[string]string) func(string) string {
	base := map[string]string{"DATABASE_URL": "postgres://x@y/z", "SMTP_HOST": "localhost",
		"MAIL_FROM": "Lumen <partnerships@lumen.example>", "REPLY_HMAC_KEY": "9f86d081884c7d659a2feaa0c55ad015",
		"TEMPORAL_CONFIG_FILE": file}
	return func(k string) string {
		if v, ok := extra[k]; ok {
			return v
		}
		return base[k]
	}
}

func writeTemporalTOML(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "temporal.toml")
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

func TestConfigTemporalProfile(t *testing.T) {
	pki := tlstest.New(t, "frontend.lumen.test")
	file := writeTemporalTOML(t, `
[profile.default]
address = "127.0.0.1:1"

[profile.cloud]
address = "lumen.a1b2c.tmprl.cloud:7233"
namespace = "lumen.a1b2c"
api_key = "cloud-api-key-0123456789"

[profile.cloud.tls]
client_cert_path = "`+pki.ClientCert+`"
client_key_path = "`+pki.ClientKey+`"
`)
	c, err := LoadConfig(workerEnv(file, map[string]string{"TEMPORAL_PROFILE": "cloud"}))
	require.NoError(t, err)
	require.Equal(t, "lumen.a1b2c.tmprl.cloud:7233", c.TemporalAddress)
	require.Equal(t, "lumen.a1b2c", c.TemporalNamespace)
	require.NotNil(t, c.Temporal.Options.Credentials, "the API key is sent")
	require.Len(t, c.Temporal.Options.ConnectionOptions.TLS.Certificates, 1, "the client certificate is loaded")
	require.Equal(t, pki.ClientLeaf(t).Raw, c.Temporal.Options.ConnectionOptions.TLS.Certificates[0].Certificate[0])

	// The environment wins over the profile.
	c, err = LoadConfig(workerEnv(file, map[string]string{"TEMPORAL_PROFILE": "cloud", "TEMPORAL_NAMESPACE": "lumen.other"}))
	require.NoError(t, err)
	require.Equal(t, "lumen.other", c.TemporalNamespace)
	require.Equal(t, "lumen.a1b2c.tmprl.cloud:7233", c.TemporalAddress)

	// Without a file or variables: today's local defaults.
	c, err = LoadConfig(workerEnv(writeTemporalTOML(t, ""), nil))
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:7233", c.TemporalAddress)
	require.Equal(t, "default", c.TemporalNamespace)
	require.Nil(t, c.Temporal.Options.ConnectionOptions.TLS)
}

func TestConfigTemporalBadCertificateIsNamedWithTheOtherProblems(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "worker.pem")
	pki := tlstest.New(t, "frontend.lumen.test")
	_, err := LoadConfig(workerEnv(writeTemporalTOML(t, ""), map[string]string{
		"TEMPORAL_TLS_CLIENT_CERT_PATH": missing, "TEMPORAL_TLS_CLIENT_KEY_PATH": pki.ClientKey,
		"TEMPORAL_API_KEY": "secret-api-key-0123456789", "SMTP_PORT": "abc"}))
	require.ErrorContains(t, err, "TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read the client certificate "+missing+": no such file or directory")
	require.ErrorContains(t, err, "SMTP_PORT must be a port number", "every problem is named at once")
	require.NotContains(t, err.Error(), "secret-api-key", "the API key never reaches an error")

	_, err = LoadConfig(workerEnv(writeTemporalTOML(t, ""), map[string]string{"TEMPORAL_PROFILE": "prod"}))
	require.ErrorContains(t, err, `TEMPORAL_PROFILE "prod": no such profile in`)
}

// TestConfigTemporalAddressReachesDevServer: the worker and the starter both
// find the dev server through TEMPORAL_ADDRESS alone (no --address), over a
// config file whose default profile points at a dead port: the worker runs
// the campaign the starter started, and the outreach email goes out.
func TestConfigTemporalAddressReachesDevServer(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	ctx := context.Background()
	dsn, addr, sink := testenv.DatabaseURL(t), testenv.TemporalAddress(t), testenv.SMTP(t)
	store, err := postgres.Open(ctx, dsn)
	require.NoError(t, err)
	defer store.Close()
	_, _, err = store.UpsertCreators(ctx, []campaign.Creator{
		{Platform: "instagram", Handle: "envconfig.rita", Name: "Rita", Email: "rita@envconfig.test", Followers: 90_000}})
	require.NoError(t, err)

	file := writeTemporalTOML(t, "[profile.default]\naddress = \"127.0.0.1:1\"\n")
	host, port, _ := net.SplitHostPort(sink.Addr)
	p, _ := strconv.Atoi(port)
	cfg, err := LoadConfig(func(k string) string {
		return map[string]string{"TEMPORAL_ADDRESS": addr, "TEMPORAL_CONFIG_FILE": file, "DATABASE_URL": dsn,
			"SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(p), "SMTP_TLS": "none", "MAIL_FROM": "Lumen Partnerships <partnerships@lumen.test>",
			"REPLY_HMAC_KEY": "an-hmac-key-for-tests-only-0123456789", "WORKER_HTTP_ADDR": "127.0.0.1:0", "MAIL_PACING": "0s"}[k]
	})
	require.NoError(t, err)
	require.Equal(t, addr, cfg.TemporalAddress)
	wctx, stop := context.WithCancel(ctx)
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- run(wctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), func() { close(ready) })
	}()
	defer func() { stop(); require.NoError(t, <-done) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("worker did not start: %v", err)
	case <-time.After(2 * time.Minute): // a guard against a hung dial, not a timing assertion
		t.Fatal("worker did not connect within 2 minutes")
	}

	t.Setenv("TEMPORAL_CONFIG_FILE", file)
	t.Setenv("TEMPORAL_PROFILE", "")
	t.Setenv("TEMPORAL_ADDRESS", addr)
	cliRun := func(args ...string) (string, int) {
		var out, errOut bytes.Buffer
		code := cli.Main(args, &out, &errOut)
		return out.String() + errOut.String(), code
	}
	const id = "envconfig-reach"
	brief := filepath.Join(t.TempDir(), "brief.yaml")
	require.NoError(t, os.WriteFile(brief, []byte(fmt.Sprintf(pathsBrief, id, 1)), 0o644))
	out, code := cliRun("campaign", "start", "-f", brief)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "Started campaign "+id)
	eventually(t, "the outreach email", func() bool {
		for _, m := range sink.Messages() {
			if strings.Contains(m.Header.Get("To"), "rita@envconfig.test") {
				return true
			}
		}
		return false
	})
	out, code = cliRun("campaign", "cancel", id)
	require.Equal(t, 0, code, out)

	// The same starter without TEMPORAL_ADDRESS follows the file's default profile, to the dead port.
	t.Setenv("TEMPORAL_ADDRESS", "")
	out, code = cliRun("--timeout", "3s", "campaign", "status", id)
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "cannot reach Temporal at 127.0.0.1:1 namespace default, profile \"default\" from "+file)
}

// TestConfigTemporalMutualTLSReachesDevServer: the dev server has no TLS
// flags, so a TLS front that demands a client certificate from the test CA
// stands before it. The worker (TEMPORAL_PROFILE) and the starter
// (--profile) connect through it with the profile's certificate, and the
// campaign the starter starts is run by the worker; a profile without the
// client certificate is refused.
func TestConfigTemporalMutualTLSReachesDevServer(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	ctx := context.Background()
	dsn, addr, sink := testenv.DatabaseURL(t), testenv.TemporalAddress(t), testenv.SMTP(t)
	pki := tlstest.New(t, "frontend.lumen.test")
	proxy := tlstest.StartProxy(t, pki.ServerTLS(t), addr)
	store, err := postgres.Open(ctx, dsn)
	require.NoError(t, err)
	defer store.Close()
	_, _, err = store.UpsertCreators(ctx, []campaign.Creator{
		{Platform: "instagram", Handle: "mtls.cami", Name: "Cami", Email: "cami@mtls.test", Followers: 60_000}})
	require.NoError(t, err)

	file := writeTemporalTOML(t, `
[profile.secure]
address = "`+proxy.Addr+`"
[profile.secure.tls]
client_cert_path = "`+pki.ClientCert+`"
client_key_path = "`+pki.ClientKey+`"
server_ca_cert_path = "`+pki.CACert+`"
server_name = "frontend.lumen.test"

[profile.nocert]
address = "`+proxy.Addr+`"
[profile.nocert.tls]
server_ca_cert_path = "`+pki.CACert+`"
server_name = "frontend.lumen.test"
`)
	host, port, _ := net.SplitHostPort(sink.Addr)
	p, _ := strconv.Atoi(port)
	cfg, err := LoadConfig(func(k string) string {
		return map[string]string{"TEMPORAL_CONFIG_FILE": file, "TEMPORAL_PROFILE": "secure", "DATABASE_URL": dsn,
			"SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(p), "SMTP_TLS": "none", "MAIL_FROM": "Lumen Partnerships <partnerships@lumen.test>",
			"REPLY_HMAC_KEY": "an-hmac-key-for-tests-only-0123456789", "WORKER_HTTP_ADDR": "127.0.0.1:0", "MAIL_PACING": "0s"}[k]
	})
	require.NoError(t, err)
	require.Equal(t, proxy.Addr, cfg.TemporalAddress)
	wctx, stop := context.WithCancel(ctx)
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- run(wctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), func() { close(ready) })
	}()
	defer func() { stop(); require.NoError(t, <-done) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("worker did not start: %v", err)
	case <-time.After(2 * time.Minute): // a guard against a hung dial, not a timing assertion
		t.Fatal("worker did not connect within 2 minutes")
	}

	t.Setenv("TEMPORAL_CONFIG_FILE", file)
	t.Setenv("TEMPORAL_ADDRESS", "")
	t.Setenv("TEMPORAL_PROFILE", "")
	cliRun := func(args ...string) (string, int) {
		var out, errOut bytes.Buffer
		code := cli.Main(args, &out, &errOut)
		return out.String() + errOut.String(), code
	}
	const id = "envconfig-mtls"
	brief := filepath.Join(t.TempDir(), "brief.yaml")
	require.NoError(t, os.WriteFile(brief, []byte(fmt.Sprintf(pathsBrief, id, 1)), 0o644))
	out, code := cliRun("--profile", "secure", "campaign", "start", "-f", brief)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "Started campaign "+id)
	eventually(t, "the outreach email", func() bool {
		for _, m := range sink.Messages() {
			if strings.Contains(m.Header.Get("To"), "cami@mtls.test") {
				return true
			}
		}
		return false
	})
	out, code = cliRun("--profile", "secure", "campaign", "cancel", id)
	require.Equal(t, 0, code, out)
	cns, refused := proxy.Seen()
	require.Contains(t, cns, "creatorflow-worker")
	require.Zero(t, refused)

	out, code = cliRun("--profile", "nocert", "--timeout", "5s", "campaign", "status", id)
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "cannot reach Temporal at "+proxy.Addr+" namespace default, TLS, profile \"nocert\"")
	// The front's side of the refused handshake may finish after the client gave up.
	eventually(t, "the front to refuse the handshake without a client certificate", func() bool {
		_, refused := proxy.Seen()
		return refused > 0
	})
}
