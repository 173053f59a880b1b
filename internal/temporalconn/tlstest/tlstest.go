// Package tlstest makes a throwaway PKI for tests: a CA, a server
// certificate and a client certificate, written as PEM files.
package tlstest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// PKI holds the paths of the PEM files and the CA to verify clients with.
type PKI struct {
	CACert, ServerCert, ServerKey, ClientCert, ClientKey string
	CA                                                   *x509.Certificate
}

// New writes a CA, a server certificate for serverName and 127.0.0.1, and a
// client certificate with common name "creatorflow-worker" into a temporary folder.
func New(t testing.TB, serverName string) PKI {
	t.Helper()
	dir := t.TempDir()
	now := time.Now()
	caKey := key(t)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "creatorflow test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	p := PKI{CA: ca, CACert: write(t, dir, "ca.pem", "CERTIFICATE", caDER)}
	issue := func(serial int64, cn string, usage x509.ExtKeyUsage, dns []string, ips []net.IP) (string, string) {
		k := key(t)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
			ExtKeyUsage: []x509.ExtKeyUsage{usage}, DNSNames: dns, IPAddresses: ips}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &k.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		kDER, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return write(t, dir, cn+".pem", "CERTIFICATE", der), write(t, dir, cn+"-key.pem", "EC PRIVATE KEY", kDER)
	}
	p.ServerCert, p.ServerKey = issue(2, serverName, x509.ExtKeyUsageServerAuth, []string{serverName}, []net.IP{net.IPv4(127, 0, 0, 1)})
	p.ClientCert, p.ClientKey = issue(3, "creatorflow-worker", x509.ExtKeyUsageClientAuth, nil, nil)
	return p
}

// ServerTLS is a server configuration that requires a client certificate signed by the CA.
func (p PKI) ServerTLS(t testing.TB) *tls.Config {
	t.Helper()
	cert, err := tls.LoadX509KeyPair(p.ServerCert, p.ServerKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(p.CA)
	return &tls.Config{Certificates: []tls.Certificate{cert}, ClientCAs: pool, ClientAuth: tls.RequireAndVerifyClientCert,
		NextProtos: []string{"h2"}, MinVersion: tls.VersionTLS12}
}

// ClientLeaf is the client certificate, parsed.
func (p PKI) ClientLeaf(t testing.TB) *x509.Certificate {
	t.Helper()
	cert, err := tls.LoadX509KeyPair(p.ClientCert, p.ClientKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	return leaf
}

func key(t testing.TB) *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func write(t testing.TB, dir, name, kind string, der []byte) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Proxy is a TLS front for a plain gRPC server (the dev server has no TLS
// flags): it terminates TLS with conf, so with ServerTLS only clients holding
// a certificate from the CA get through, and forwards the bytes to backend.
type Proxy struct {
	Addr string
	mu   sync.Mutex
	cns  []string
	errs int
}

// StartProxy listens on 127.0.0.1 until the test ends.
func StartProxy(t testing.TB, conf *tls.Config, backend string) *Proxy {
	t.Helper()
	lis, err := tls.Listen("tcp", "127.0.0.1:0", conf)
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{Addr: lis.Addr().String()}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var open []net.Conn
	track := func(c net.Conn) {
		mu.Lock()
		open = append(open, c)
		mu.Unlock()
	}
	t.Cleanup(func() {
		_ = lis.Close()
		mu.Lock()
		for _, c := range open {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := lis.Accept()
			if err != nil {
				return
			}
			track(c)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				tc := c.(*tls.Conn)
				if err := tc.Handshake(); err != nil {
					p.mu.Lock()
					p.errs++
					p.mu.Unlock()
					return
				}
				p.mu.Lock()
				if certs := tc.ConnectionState().PeerCertificates; len(certs) > 0 {
					p.cns = append(p.cns, certs[0].Subject.CommonName)
				}
				p.mu.Unlock()
				b, err := net.Dial("tcp", backend)
				if err != nil {
					return
				}
				track(b)
				defer b.Close()
				done := make(chan struct{}, 2)
				go func() { _, _ = io.Copy(b, c); done <- struct{}{} }()
				go func() { _, _ = io.Copy(c, b); done <- struct{}{} }()
				<-done
			}()
		}
	}()
	return p
}

// Seen returns the common names of the client certificates let through and
// the number of handshakes refused.
func (p *Proxy) Seen() (cns []string, refused int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.cns...), p.errs
}
