package temporalconn_test

import (
	"context"
	"crypto/tls"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"

	"github.com/creatorflow/creatorflow/internal/temporalconn"
	"github.com/creatorflow/creatorflow/internal/temporalconn/tlstest"
)

// env is a hermetic environment: TEMPORAL_CONFIG_FILE is always set, so the
// ~/.config/temporalio/temporal.toml of whoever runs the tests is never read.
func env(file string, vars map[string]string) func(string) string {
	return func(k string) string {
		if k == "TEMPORAL_CONFIG_FILE" {
			return file
		}
		return vars[k]
	}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

// configFile has a plain "default" profile and a "cloud" one with an API key and mTLS.
func configFile(t *testing.T, pki tlstest.PKI, cloudAddr string) string {
	t.Helper()
	return writeFile(t, "temporal.toml", `
[profile.default]
address = "temporal.internal:7233"
namespace = "staging"

[profile.cloud]
address = "`+cloudAddr+`"
namespace = "lumen.a1b2c"
api_key = "key-from-the-file"

[profile.cloud.tls]
client_cert_path = "`+pki.ClientCert+`"
client_key_path = "`+pki.ClientKey+`"
server_ca_cert_path = "`+pki.CACert+`"
server_name = "frontend.lumen.test"
`)
}

func TestDefaultsWhenNothingIsConfigured(t *testing.T) {
	empty := writeFile(t, "temporal.toml", "")
	c, err := temporalconn.Load(temporalconn.Request{Getenv: env(empty, nil)})
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:7233", c.Options.HostPort)
	require.Equal(t, "default", c.Options.Namespace)
	require.Nil(t, c.Options.Credentials)
	require.Nil(t, c.Options.ConnectionOptions.TLS, "the local dev server speaks plain gRPC")
	require.Equal(t, "", c.Profile)
	require.Equal(t, "127.0.0.1:7233 namespace default", c.Describe())
}

func TestDefaultProfileIsReadWhenPresent(t *testing.T) {
	file := configFile(t, tlstest.New(t, "frontend.lumen.test"), "127.0.0.1:1")
	c, err := temporalconn.Load(temporalconn.Request{Getenv: env(file, nil)})
	require.NoError(t, err)
	require.Equal(t, "temporal.internal:7233", c.Options.HostPort)
	require.Equal(t, "staging", c.Options.Namespace)
	require.Equal(t, "default", c.Profile)
	require.Nil(t, c.Options.ConnectionOptions.TLS)
}

func TestExplicitConfigFileMustExist(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.toml")
	_, err := temporalconn.Load(temporalconn.Request{Getenv: env(missing, nil)})
	require.EqualError(t, err, "TEMPORAL_CONFIG_FILE="+missing+" cannot be read: no such file or directory")
}

func TestMisspeltKeyIsAnError(t *testing.T) {
	file := writeFile(t, "temporal.toml", "[profile.default]\naddress = \"x:7233\"\napi-key = \"k\"\n")
	_, err := temporalconn.Load(temporalconn.Request{Getenv: env(file, nil)})
	require.ErrorContains(t, err, "the Temporal config file "+file)
	require.ErrorContains(t, err, "api-key")
}

func TestUnknownProfileNamesTheOnesThere(t *testing.T) {
	file := configFile(t, tlstest.New(t, "frontend.lumen.test"), "127.0.0.1:1")
	_, err := temporalconn.Load(temporalconn.Request{Getenv: env(file, nil), Profile: "prod"})
	require.EqualError(t, err, `--profile "prod": no such profile in `+file+` (it has: cloud, default)`)
	_, err = temporalconn.Load(temporalconn.Request{Getenv: env(file, map[string]string{"TEMPORAL_PROFILE": "prod"})})
	require.EqualError(t, err, `TEMPORAL_PROFILE "prod": no such profile in `+file+` (it has: cloud, default)`)
}

func TestEnvironmentOverridesTheFileAndFlagsOverrideBoth(t *testing.T) {
	file := configFile(t, tlstest.New(t, "frontend.lumen.test"), "127.0.0.1:1")
	vars := map[string]string{"TEMPORAL_PROFILE": "cloud", "TEMPORAL_ADDRESS": "env.lumen.test:7233",
		"TEMPORAL_NAMESPACE": "from-env", "TEMPORAL_API_KEY": "key-from-env"}
	c, err := temporalconn.Load(temporalconn.Request{Getenv: env(file, vars)})
	require.NoError(t, err)
	require.Equal(t, "env.lumen.test:7233", c.Options.HostPort)
	require.Equal(t, "from-env", c.Options.Namespace)
	require.Equal(t, "key-from-env", apiKey(t, c.Options))
	require.Len(t, c.Options.ConnectionOptions.TLS.Certificates, 1, "what the environment does not set still comes from the profile")

	c, err = temporalconn.Load(temporalconn.Request{Getenv: env(file, vars), Address: "flag.lumen.test:7233", Namespace: "from-flag"})
	require.NoError(t, err)
	require.Equal(t, "flag.lumen.test:7233", c.Options.HostPort)
	require.Equal(t, "from-flag", c.Options.Namespace)

	// An empty variable is unset, as for every other setting: it does not wipe the profile's address.
	c, err = temporalconn.Load(temporalconn.Request{Getenv: env(file, map[string]string{"TEMPORAL_ADDRESS": " "})})
	require.NoError(t, err)
	require.Equal(t, "temporal.internal:7233", c.Options.HostPort)
}

func TestMissingCertificateNamesVariableAndPath(t *testing.T) {
	pki := tlstest.New(t, "frontend.lumen.test")
	missing := filepath.Join(t.TempDir(), "worker.pem")
	empty := writeFile(t, "temporal.toml", "")
	_, err := temporalconn.Load(temporalconn.Request{Getenv: env(empty, map[string]string{
		"TEMPORAL_TLS_CLIENT_CERT_PATH": missing, "TEMPORAL_TLS_CLIENT_KEY_PATH": pki.ClientKey})})
	require.EqualError(t, err, "TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read the client certificate "+missing+": no such file or directory")

	_, err = temporalconn.Load(temporalconn.Request{Getenv: env(empty, map[string]string{
		"TEMPORAL_TLS_CLIENT_CERT_PATH": pki.ClientCert, "TEMPORAL_TLS_CLIENT_KEY_PATH": missing})})
	require.EqualError(t, err, "TEMPORAL_TLS_CLIENT_KEY_PATH: cannot read the client key "+missing+": no such file or directory")

	_, err = temporalconn.Load(temporalconn.Request{Getenv: env(empty, map[string]string{"TEMPORAL_TLS_SERVER_CA_CERT_PATH": missing})})
	require.EqualError(t, err, "TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read the server CA certificate "+missing+": no such file or directory")

	// A path from the profile is named by its key, profile and file.
	file := writeFile(t, "temporal.toml", "[profile.prod.tls]\nclient_cert_path = \""+missing+"\"\nclient_key_path = \""+pki.ClientKey+"\"\n")
	_, err = temporalconn.Load(temporalconn.Request{Getenv: env(file, nil), Profile: "prod"})
	require.EqualError(t, err, `tls.client_cert_path of profile "prod" in `+file+": cannot read the client certificate "+missing+": no such file or directory")

	// A key that is not the certificate's.
	other := tlstest.New(t, "frontend.lumen.test")
	_, err = temporalconn.Load(temporalconn.Request{Getenv: env(empty, map[string]string{
		"TEMPORAL_TLS_CLIENT_CERT_PATH": pki.ClientCert, "TEMPORAL_TLS_CLIENT_KEY_PATH": other.ClientKey})})
	require.ErrorContains(t, err, "TEMPORAL_TLS_CLIENT_CERT_PATH ("+pki.ClientCert+") and TEMPORAL_TLS_CLIENT_KEY_PATH ("+other.ClientKey+
		") are not a PEM certificate and its private key")

	// Only one half of the pair.
	_, err = temporalconn.Load(temporalconn.Request{Getenv: env(empty, map[string]string{"TEMPORAL_TLS_CLIENT_CERT_PATH": pki.ClientCert})})
	require.ErrorContains(t, err, "if either client cert or key path is present, other must be present too")

	// A CA file that holds no certificate.
	_, err = temporalconn.Load(temporalconn.Request{Getenv: env(empty, map[string]string{"TEMPORAL_TLS_SERVER_CA_CERT_PATH": pki.ClientKey})})
	require.EqualError(t, err, "TEMPORAL_TLS_SERVER_CA_CERT_PATH: "+pki.ClientKey+" holds no PEM certificate")
}

// TestProfileDialsAnMTLSServerWithTheAPIKey loads the "cloud" profile and
// dials a TLS frontend that demands a client certificate from the test CA:
// the handshake succeeds only with the profile's certificate, server CA and
// server name, and the frontend sees the API key as a bearer token.
func TestProfileDialsAnMTLSServerWithTheAPIKey(t *testing.T) {
	pki := tlstest.New(t, "frontend.lumen.test")
	fe := startFrontend(t, pki.ServerTLS(t))
	file := configFile(t, pki, fe.addr)

	c, err := temporalconn.Load(temporalconn.Request{Getenv: env(file, map[string]string{"TEMPORAL_PROFILE": "cloud"})})
	require.NoError(t, err)
	require.Equal(t, "cloud", c.Profile)
	require.Equal(t, "lumen.a1b2c", c.Options.Namespace)
	conf := c.Options.ConnectionOptions.TLS
	require.NotNil(t, conf)
	require.Len(t, conf.Certificates, 1)
	require.Equal(t, pki.ClientLeaf(t).Raw, conf.Certificates[0].Certificate[0], "the client certificate is loaded")
	require.Equal(t, "frontend.lumen.test", conf.ServerName)
	require.Contains(t, c.Describe(), "mTLS, API key")
	require.NotContains(t, c.Describe(), "key-from-the-file", "the key is never described")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tc, err := client.DialContext(ctx, c.Options)
	require.NoError(t, err)
	tc.Close()
	auth, cn := fe.seen()
	require.Equal(t, "Bearer key-from-the-file", auth)
	require.Equal(t, "creatorflow-worker", cn)

	// Without the client certificate the server refuses the connection.
	plain, err := temporalconn.Load(temporalconn.Request{Getenv: env(file, map[string]string{"TEMPORAL_PROFILE": "cloud"})})
	require.NoError(t, err)
	plain.Options.ConnectionOptions.TLS.Certificates = nil
	plain.Options.ConnectionOptions.GetSystemInfoTimeout = 5 * time.Second
	_, err = client.DialContext(ctx, plain.Options)
	require.Error(t, err)
}

// apiKey is the key the credentials send, read through the SDK's own callback.
func apiKey(t *testing.T, opts client.Options) string {
	t.Helper()
	fe := startFrontend(t, nil)
	opts.HostPort, opts.ConnectionOptions.TLS, opts.ConnectionOptions.TLSDisabled = fe.addr, nil, true
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tc, err := client.DialContext(ctx, opts)
	require.NoError(t, err)
	tc.Close()
	auth, _ := fe.seen()
	require.Regexp(t, "^Bearer ", auth)
	return auth[len("Bearer "):]
}

// frontend is a stand-in Temporal frontend: it answers GetSystemInfo (all
// that dialling asks) and records the authorization header and client certificate.
type frontend struct {
	workflowservice.UnimplementedWorkflowServiceServer
	addr string
	mu   sync.Mutex
	auth string
	cn   string
}

func startFrontend(t *testing.T, conf *tls.Config) *frontend {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var opts []grpc.ServerOption
	if conf != nil {
		opts = append(opts, grpc.Creds(credentials.NewTLS(conf)))
	}
	srv := grpc.NewServer(opts...)
	fe := &frontend{addr: lis.Addr().String()}
	workflowservice.RegisterWorkflowServiceServer(srv, fe)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return fe
}

func (f *frontend) GetSystemInfo(ctx context.Context, _ *workflowservice.GetSystemInfoRequest) (*workflowservice.GetSystemInfoResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if md, ok := metadata.FromIncomingContext(ctx); ok && len(md.Get("authorization")) > 0 {
		f.auth = md.Get("authorization")[0]
	}
	if p, ok := peer.FromContext(ctx); ok {
		if ti, ok := p.AuthInfo.(credentials.TLSInfo); ok && len(ti.State.PeerCertificates) > 0 {
			f.cn = ti.State.PeerCertificates[0].Subject.CommonName
		}
	}
	return &workflowservice.GetSystemInfoResponse{}, nil
}

func (f *frontend) seen() (auth, cn string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.auth, f.cn
}
