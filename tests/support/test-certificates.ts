/**
 * A throw-away certificate authority and a server certificate it signed, made in the test (node-forge
 * builds the X.509 structures; node's crypto makes the keys): for TLS tests that must not depend on
 * files in the repository or on the system's trust store.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/**
 * PEM texts of a CA certificate and of a server certificate and a client certificate (each with its
 * key) that the CA signed.
 */
export interface TestCertificates {
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** For a gateway presenting a certificate to a coordinator that requires one (mTLS). */
  clientCert: string;
  clientKey: string;
}

function keyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; privatePem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    privateKey: forge.pki.privateKeyFromPem(privatePem) as forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.publicKeyFromPem(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ) as forge.pki.rsa.PublicKey,
    privatePem,
  };
}

function certificate(
  subject: string,
  serial: string,
  publicKey: forge.pki.PublicKey,
  issuer: { name: string; key: forge.pki.rsa.PrivateKey },
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setIssuer([{ name: 'commonName', value: issuer.name }]);
  cert.setExtensions(extensions);
  cert.sign(issuer.key, forge.md.sha256.create());
  return cert;
}

/** Extensions of an end-entity certificate for TLS servers or clients. */
function leafExtensions(use: { serverAuth: true } | { clientAuth: true }): object[] {
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', ...use },
  ];
}

/**
 * A CA, a certificate for 127.0.0.1 / localhost and a client certificate for `clientName`, both signed
 * by it, valid for a day.
 */
export function makeTestCertificates(clientName = 'gw-test'): TestCertificates {
  const ca = keyPair();
  const caCert = certificate('quakefed test CA', '01', ca.publicKey, { name: 'quakefed test CA', key: ca.privateKey }, [
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true },
  ]);
  const issuer = { name: 'quakefed test CA', key: ca.privateKey };
  const client = keyPair();
  const clientCert = certificate(clientName, '03', client.publicKey, issuer, leafExtensions({ clientAuth: true }));
  const server = keyPair();
  const serverCert = certificate('127.0.0.1', '02', server.publicKey, issuer, [
    ...leafExtensions({ serverAuth: true }),
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
  ]);
  return {
    caCert: forge.pki.certificateToPem(caCert),
    serverCert: forge.pki.certificateToPem(serverCert),
    serverKey: server.privatePem,
    clientCert: forge.pki.certificateToPem(clientCert),
    clientKey: client.privatePem,
  };
}
