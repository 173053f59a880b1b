// Package temporalconn turns Temporal's own client-configuration convention
// (go.temporal.io/sdk/contrib/envconfig: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
// TEMPORAL_API_KEY, TEMPORAL_TLS_*, and profiles in a TOML file chosen by
// TEMPORAL_CONFIG_FILE and TEMPORAL_PROFILE) into client options for the
// worker and the starter CLI alike, with creatorflow's defaults and errors
// that name the variable or file key at fault.
package temporalconn

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/contrib/envconfig"
)

// Defaults when neither a profile nor the environment say otherwise: the
// local dev server of `make run`.
const (
	DefaultAddress   = "127.0.0.1:7233"
	DefaultNamespace = "default"
)

// EnvVars lists the variables Load reads (TEMPORAL_GRPC_META_<NAME> too).
var EnvVars = []string{
	"TEMPORAL_CONFIG_FILE", "TEMPORAL_PROFILE",
	"TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY", "TEMPORAL_CLIENT_AUTHORITY",
	"TEMPORAL_TLS", "TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_CERT_DATA",
	"TEMPORAL_TLS_CLIENT_KEY_PATH", "TEMPORAL_TLS_CLIENT_KEY_DATA",
	"TEMPORAL_TLS_SERVER_CA_CERT_PATH", "TEMPORAL_TLS_SERVER_CA_CERT_DATA",
	"TEMPORAL_TLS_SERVER_NAME", "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION",
}

// Request says where one client's connection settings come from.
type Request struct {
	// Getenv reads the environment; nil is os.Getenv. An empty value counts
	// as unset, as everywhere else in creatorflow's configuration.
	Getenv func(string) string
	// Profile is the --profile flag; empty falls back to TEMPORAL_PROFILE,
	// then to the profile named "default" if the file has one.
	Profile string
	// Address and Namespace are the CLI's --address and --namespace flags:
	// when set they win over the environment and the profile.
	Address, Namespace string
}

// Conn is a resolved connection: the options to dial with and where they came from.
type Conn struct {
	Options client.Options // HostPort, Namespace, Credentials, TLS, headers; add Logger etc. before dialling
	Profile string         // the profile used, "" when none was read
	File    string         // the config file read, "" when none
	TLS     bool
	APIKey  bool
}

// Describe says where the client connects and how, for logs; never a secret.
func (c Conn) Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s namespace %s", c.Options.HostPort, c.Options.Namespace)
	switch {
	case c.TLS && c.Options.ConnectionOptions.TLS != nil && len(c.Options.ConnectionOptions.TLS.Certificates) > 0:
		b.WriteString(", mTLS")
	case c.TLS:
		b.WriteString(", TLS")
	}
	if c.APIKey {
		b.WriteString(", API key")
	}
	if c.Profile != "" {
		fmt.Fprintf(&b, ", profile %q from %s", c.Profile, c.File)
	}
	return b.String()
}

// Load resolves the connection: the profile from the TOML file, then the
// environment over it, then the flags over both, then the defaults for what
// is still unset. Certificate and key files are read here, so a path that
// cannot be read fails at start, named, rather than at the first dial.
func Load(req Request) (Conn, error) {
	getenv := req.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }

	var conn Conn
	file, explicitFile := get("TEMPORAL_CONFIG_FILE"), true
	if file == "" {
		file, explicitFile = envconfig.DefaultConfigFilePath(), false
	}
	var cfg envconfig.ClientConfig
	if file != "" {
		data, err := os.ReadFile(file)
		switch {
		case err == nil:
			// Strict: a misspelt key (api-key, tls.cert_path) is an error, not a silently plain connection.
			if err := cfg.FromTOML(data, envconfig.ClientConfigFromTOMLOptions{Strict: true}); err != nil {
				return Conn{}, fmt.Errorf("the Temporal config file %s: %v", file, err)
			}
			conn.File = file
		case explicitFile:
			return Conn{}, fmt.Errorf("TEMPORAL_CONFIG_FILE=%s cannot be read: %v", file, pathErr(err))
		case !errors.Is(err, fs.ErrNotExist):
			return Conn{}, fmt.Errorf("the Temporal config file %s cannot be read (set TEMPORAL_CONFIG_FILE to use another): %v", file, pathErr(err))
		}
	}

	name, source := req.Profile, "--profile"
	if name == "" {
		name, source = get("TEMPORAL_PROFILE"), "TEMPORAL_PROFILE"
	}
	var prof envconfig.ClientConfigProfile
	if name == "" {
		if p := cfg.Profiles[envconfig.DefaultConfigFileProfile]; p != nil {
			prof, conn.Profile = *p, envconfig.DefaultConfigFileProfile
		}
	} else if p := cfg.Profiles[name]; p != nil {
		prof, conn.Profile = *p, name
	} else if conn.File == "" {
		return Conn{}, fmt.Errorf("%s %q: no Temporal config file at %s (set TEMPORAL_CONFIG_FILE)", source, name, file)
	} else {
		return Conn{}, fmt.Errorf("%s %q: no such profile in %s (it has: %s)", source, name, conn.File, profileNames(cfg))
	}
	if err := prof.ApplyEnvVars(envLookup{get}); err != nil {
		return Conn{}, fmt.Errorf("the Temporal connection variables: %v", err)
	}
	if req.Address != "" {
		prof.Address = req.Address
	}
	if req.Namespace != "" {
		prof.Namespace = req.Namespace
	}
	if prof.Address == "" {
		prof.Address = DefaultAddress
	}
	if prof.Namespace == "" {
		prof.Namespace = DefaultNamespace
	}
	if prof.TLS != nil {
		if err := checkTLSFiles(prof.TLS, get, conn.origin); err != nil {
			return Conn{}, err
		}
	}
	opts, err := prof.ToClientOptions(envconfig.ToClientOptionsRequest{})
	if err != nil {
		return Conn{}, fmt.Errorf("the Temporal connection%s: %v", conn.where(), err)
	}
	conn.Options = opts
	conn.TLS = opts.ConnectionOptions.TLS != nil && !opts.ConnectionOptions.TLSDisabled
	conn.APIKey = prof.APIKey != ""
	return conn, nil
}

func (c Conn) where() string {
	if c.Profile == "" {
		return ""
	}
	return fmt.Sprintf(" (profile %q in %s)", c.Profile, c.File)
}

// origin names where a TLS path came from when the environment did not set
// it: its key in the profile.
func (c Conn) origin(env, key string) string {
	if c.Profile == "" {
		return env
	}
	return fmt.Sprintf("tls.%s of profile %q in %s", key, c.Profile, c.File)
}

// checkTLSFiles reads every certificate and key path so that the error
// names the variable (or profile key) and the path, which the SDK's own
// "failed loading client cert/key path" does not.
func checkTLSFiles(t *envconfig.ClientConfigTLS, get func(string) string, origin func(env, key string) string) error {
	if t.Disabled {
		return nil
	}
	name := func(env, key string) string {
		if get(env) != "" {
			return env
		}
		return origin(env, key)
	}
	read := func(path, env, key, what string) ([]byte, error) {
		if path == "" {
			return nil, nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot read the %s %s: %v", name(env, key), what, path, pathErr(err))
		}
		return b, nil
	}
	cert, err := read(t.ClientCertPath, "TEMPORAL_TLS_CLIENT_CERT_PATH", "client_cert_path", "client certificate")
	if err != nil {
		return err
	}
	key, err := read(t.ClientKeyPath, "TEMPORAL_TLS_CLIENT_KEY_PATH", "client_key_path", "client key")
	if err != nil {
		return err
	}
	if cert != nil && key != nil {
		if _, err := tls.X509KeyPair(cert, key); err != nil {
			return fmt.Errorf("%s (%s) and %s (%s) are not a PEM certificate and its private key: %v",
				name("TEMPORAL_TLS_CLIENT_CERT_PATH", "client_cert_path"), t.ClientCertPath,
				name("TEMPORAL_TLS_CLIENT_KEY_PATH", "client_key_path"), t.ClientKeyPath, err)
		}
	}
	ca, err := read(t.ServerCACertPath, "TEMPORAL_TLS_SERVER_CA_CERT_PATH", "server_ca_cert_path", "server CA certificate")
	if err != nil {
		return err
	}
	if ca != nil && !x509.NewCertPool().AppendCertsFromPEM(ca) {
		return fmt.Errorf("%s: %s holds no PEM certificate", name("TEMPORAL_TLS_SERVER_CA_CERT_PATH", "server_ca_cert_path"), t.ServerCACertPath)
	}
	return nil
}

// pathErr drops the path from an *fs.PathError: the message names it already.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func profileNames(cfg envconfig.ClientConfig) string {
	names := slices.Sorted(maps.Keys(cfg.Profiles))
	if len(names) == 0 {
		return "no profiles"
	}
	return strings.Join(names, ", ")
}

// envLookup is envconfig's view of our getenv: empty means unset (the SDK
// would otherwise let TEMPORAL_ADDRESS= wipe the profile's address).
type envLookup struct{ get func(string) string }

func (e envLookup) LookupEnv(k string) (string, bool) {
	v := e.get(k)
	return v, v != ""
}

// Environ serves the SDK's scan for TEMPORAL_GRPC_META_* headers: names
// from the process, values through getenv, so tests stay hermetic.
func (e envLookup) Environ() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TEMPORAL_GRPC_META_") {
			if v := e.get(k); v != "" {
				out = append(out, k+"="+v)
			}
		}
	}
	return out
}
