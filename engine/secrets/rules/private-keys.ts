/**
 * PEM-armored private keys: one rule per armor label.
 * https://www.rfc-editor.org/rfc/rfc7468 (PEM labels), https://www.rfc-editor.org/rfc/rfc4880#section-6.2 (PGP armor)
 * A rule matches the whole block, BEGIN to the END of the same label, with a body of base64 lines,
 * either as a file has it or on one line of JSON or .env with `\n` escapes; the secret is the body,
 * so a redacted finding shows the body's first characters. A body shorter than the smallest real
 * key of its kind is a truncated example (`-----BEGIN RSA PRIVATE KEY-----\n...\n-----END…`), not a key.
 */
import { defineSecretRule, type SecretRule } from '../rule.ts';
import { sample } from './sample.ts';

/** A line break in the text, or an escaped one in a JSON, YAML or shell string (`\n`, `\r\n`, `\\n`), with any indentation. */
const BREAK = String.raw`[ \t]*(?:\r?\n|\\{1,2}(?:r\\{1,2})?n)[ \t]*`;
const BASE64_LINE = String.raw`[A-Za-z0-9+/]+={0,2}`;
/** RFC 1421 headers of legacy encrypted keys (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`) or PGP armor headers, then a blank line. */
const HEADERS = String.raw`(?:[A-Za-z][A-Za-z0-9-]*:[^\r\n\\]*${BREAK})*(?:${BREAK})?`;

/**
 * The block from `-----BEGIN <begin>-----` to `-----END <end>-----`. The BEGIN line must be the first
 * line of the window the scanner hands over (the line of the keyword), so each block is read once.
 */
export function pemBlock(begin: string, end: string, after = ''): RegExp {
  return new RegExp(
    String.raw`-----BEGIN ${begin}-----(?<=^[^\n]*)${BREAK}${HEADERS}(?<secret>${BASE64_LINE}(?:${BREAK}${BASE64_LINE})*)(?:${BREAK}=[A-Za-z0-9+/]{4})?${BREAK}-----END ${end}-----${after}`,
  );
}

/** Drops bodies too short for a real key of the kind: `min` base64 characters, escapes and line breaks aside. */
export function bodyAtLeast(min: number): (secret: string) => boolean {
  return (secret) => secret.replace(/\\+(?:r\\+)?n|\s/g, '').length >= min;
}

/**
 * What follows a PKCS#8 key inside a Google Cloud service-account key file: the end of the JSON
 * string, then, within the same object, the account's `…@….iam.gserviceaccount.com` address (the
 * field after `private_key` in the file Google writes) or `"type": "service_account"` (keys sorted).
 * That key is the `google-service-account-key` rule's; `private-key-pkcs8` skips it, so one key
 * gives one finding with the more telling rule.
 */
export const SERVICE_ACCOUNT_TAIL = String.raw`(?:\\{1,2}(?:r\\{1,2})?n)?\\{0,2}"[^{}]{0,4000}?(?:\.gserviceaccount\.com|"service_account)`;
/** The PKCS#8 labels, unencrypted and encrypted; the END label is the BEGIN one. */
export const PKCS8_BEGIN = '(?<label>(?:ENCRYPTED )?PRIVATE KEY)';
export const PKCS8_END = String.raw`\k<label>`;

/** A key as a `.pem` file holds it. */
export function pemFile(label: string, body: readonly string[], headers = ''): string {
  return sample(`-----BEGIN ${label}-----\n${headers}`, body.join('\n'), `\n-----END ${label}-----\n`);
}

/** The same key inside one JSON or shell string, newlines escaped. */
export function pemEscaped(label: string, body: readonly string[]): string {
  return sample(`-----BEGIN ${label}-----\\n`, body.join('\\n'), `\\n-----END ${label}-----\\n`);
}

/** The same key in a YAML block scalar, indented. */
function pemIndented(label: string, body: readonly string[], indent: string): string {
  return sample(`${indent}-----BEGIN ${label}-----\n${indent}`, body.join(`\n${indent}`), `\n${indent}-----END ${label}-----\n`);
}

const RSA_BODY = [
  'MIICXAIBAAKBgQBfnF11HAv3BZe4XwYmEyVo4077XMIMM4J1QqNlPwArWTlBnjuR',
  'xGixbUrgsPWdf6VC8XNwW8Ng94GAvyhh7OXwcM19xyRM4Y8oz33suMpkOR06UxXJ',
  'pkDuqRuoHwlPMrros8Se7x4c6qaSo0x7kO3cS57bUQTRKXRv/Zl3Y4DGWYEhNcwR',
  'tCJUOYmzrWhITgWfRpb2F/ObpicARJg6RxZwlB1hysFmyv89uB6ayBqAlF0rIS9j',
  'WR8jduFMxRIwjAYBQ3acVaRdmdXTHl/ZGXHMkHOzJYXm5qBLl927qYEbh0pSOI/+',
  '3rrQF9qYprO1VYOSgEEsfERAD51yQC1NND8avxghasNHfdYuFvU3AFReB30gp988',
  'r49IuTR4ItzfQ9qTB958Odc9Qv8t8LUgKriiSNPU9IO1w3x/WzuOKOuZQLsHVyN4',
  'ePt/UP+26Ms/+6R4mJAmwNbFELGX/sA4hCaVuQnI4N5nEh0ZKCZCvJZE2MwwHzre',
  '3z8wTzKWWgB5AxrKyAhcKp4aUzX0V/yXOolDbF3GXxlHzMbIcDDTU+dmS3w/b338',
  'CQ1X7hwMaHSnXD0RBkvfSbztIVhaYmuHPh1Q4m9rJSq3kimejxhyHjCOdcxH8M+n',
  'ng==',
];
const EC_BODY = [
  'MHcCAQEEIJ3nBTHlUcD3rU7u1CgM22xK804bul9dMU6BX5yAtrByoAoGCCqGSM49',
  'AwEHoUQDQgAEhKVueYnf9PFj3PyTp4lQDH9wfKS3fDvza4wck+tKO+x6wOmyjwp0',
  'dWmiunCpHDJuagSDcGlzwLjT3FNSpgv8dQ==',
];
const OPENSSH_BODY = [
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxObkcRMGu5U856PxqKIcKDKjOfIZNgKGP7f9h+B9O8MbcI7PRKRPaDFfS7n+sMZzr',
  'neM1Vo5+zIXQ+SUBy61BR6ycp8dMdV7qzmI1TQTTBjAJ2cm2SOb8HXuUWOZ979aaDdxk6C',
  'LwP1PA6jGTKc5ScSQi2hq7354Z1zDmHfIIhaANVWzO4qcML8mkTTEsq4qxs5YTUFKWlPBF',
  '2/SIvNDibhz+Nvf25iEn8EoCA8MWCoetuWa4pTvEFVeLyQYuqPR2tRSmaiPyGSDf5XsDPA',
  '1zp6fd4PB4jIT/7+7Gd9lJU1dPNZ3RW9zLMzfRP8IgnUx7EkP32+uIVP9ZLHmVhmDJhFqv',
  'hINo',
];
/** An RSA key in PKCS#8; the Google service-account samples hold it too. */
export const PKCS8_BODY = [
  'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgjC8jMr2GLQxD+ofTcnRkvznFHaeUP',
  'tsKbn3Fcp6tz3IOnj0pc3mY9mHCEIp9GuFlC4pD9j8pJLmH4P2mDzHfVIeAEWcxw',
  'K2+ERuapqqS7t8F7pw0mxJuq97r4WXowLOyinb9ZNz5oGviZ8+9pNxYYgWU/vEjk',
  '8bzm/PdAfGFgasMZrhiAu1bOKsNJUDZwMa52C7qaHow6Pt9SVfN0zHtn/hy5edva',
  'Nk6ZxpfwaDo7RWQlbLsiTLqJCakFDg6/vMHtS+P/ecTm8HkoUmxJnOX17bcdg5y+',
  'pfDDllJq+gTIjyy5Ha4/wvBtp3vfPrbyyvzXXCEV/0mcTm/tcz8Gaj/IN55m7XKA',
  'hR5vIuEvsM/QwkHnX3TFHA1OJ0z+vKZD2z034Mh1328CRA+lkfU9kpr/BwmBLmVM',
  'ccNAzQiW6sbW8eoBPhzChO98QmtoWw/i57txXF5LUA6zsXdnmw7DNwTBZFk/K7n1',
  'MIaQgSNvH2AZogxsdHCIGFZUV4Ok6al1Bp6OzLEVt7F8GaEPohAWFCWCO7CoQDlJ',
  '7rFn54U5JY4dU8476wDq01FHXtcXU0b99Ytf6+3G556UYk2hnNmhNq5D72vo/Be7',
  '00m+CU0c',
];
/** An Ed25519 key in PKCS#8: 64 characters, the shortest real private key. */
const ED25519_BODY = ['MC4CAQAwBQYDK2VwBCIEINDxQx+tFK7DTY2DpZuUHeG0VSl1Vza9JXVcfHzbziRq'];
const ENCRYPTED_BODY = [
  'MIIC9DBeBgkqhkiG9w0BBQ0wUTAwBgkqhkiG9w0BBQwwIwRqTjvGxXQ2+Pr8WGZc',
  'iv10GO0bKkUMibNrnhq4W093K7Gxk7vXFZWRFIaEqxLRxDPrVqrGN8CSBF1Xx1U1',
  'XbWxptBgGfly9FErKpzp0b36oe9SV7VEZ6X+I5SxG9U2aijwuuGSHP0HCFXld5xc',
  'nBqyWnEyCqrDSnZhwbmIdjVge1JlP60Dk3LNwkA1W+8pgGeP5T8Y3Z/B9NGJNEOn',
  'snY7Iv6iq96QFRMpq0AuzayGjf7jpkLp6dhzdvrA8TaIV4FMP5sSBS6phcABqL8Z',
  'KqiuJfmfT0Fr8Fq8YBtfAEm1mOMsH5GLAxBimR8cCsTqTBvFqMiRyTAgZY+1xjpV',
  '2yc2fxLv2Lg0rurHRLsrUmTPRDCkAr0DKBNQ8lNWwwyOj2gbWCu3jzjnwasBozA=',
];
const PGP_BODY = [
  'lQHYBGVwTPDelb9fSv0NT9P7+eAnJZzGQeni3lqiXLdPESmCsFrw+c//M0C5MIYl',
  'T0jd5jcMYsEIZIzRChS+gNyNfVOLh966up/iVoggjFU3F96jJ622mrlylQoLWZKv',
  'FU5x2+p0Bbgs03xmTnwFfWPiGlyBkwNQD7UHzapFLH3HFrARxsqU/GcESAXjPPDK',
  'FuZd8RqHCHUR5daoYXw4gX4WY7Xz2kSfOTul9+HWWjVudnD1IB4s49h2EEObnF3q',
  'Bddjj2V/tw4UpHFyZL/cthIQJhpB+w32zdk0bpykk9k2PCEHMSj0gTQuS3by56tu',
  'Fg7MLjADjAM//vlS4D8l/ouE94agCnd5MxDYKOe/kNaWEuYqbn3BKbeFtruOS2ej',
  'elOAcFzevd0zX/yf2LgSaBCdQgtIlSg4ViEKpTyiqwvOfTAynjnFkri96peA5/o=',
  '=q7Xz',
];
const DSA_BODY = [
  'MIIBuwIBAAKBgQDoE4TM8cma1FOXDDeYewPhkeIO+X5NAod3MFWJyKjevN4ftjp+',
  'nGGEgQGGQdwlZt0DaT5L74WpHdiLHwPYUbchxz6nYHtbIr3Zb5lDAghesjyX83R1',
  'ekwufv+vDACI1+rJ9JMXNGG81MKMO/yzBU6Z3zaNbbmiNBydhXIXB0e5GGJ9rKwR',
  'KQh4qgTOutqgtqq0PePtUoY7EZrAenML1Y4KBKxu1EcNRMIa3sdlqAlpiwHeyVmp',
  'VP3/FHNm8TbvMn9lPo0H2sXd1+mw21ua579Fv7wnJlFLuh0CRS+/qUBkseNIoUqT',
  '9M19nrQqifOgt0GMuDcNSe5y+wYreFqTA+aPI001u359Zqpmv7AHX6abLSNPP9pG',
  'ZZ+D2zkvPfKe4+5Bi7kGToVT+cZtLOKE9b8Z7epft7Qg4gJpSdxdwTUQPSel9tBz',
  '+TeVpXo=',
];
/** Public material: the near misses of every key rule. */
const PUBLIC_KEY_BODY = [
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAiKdagnvk09hOYAz+cu0L',
  'KQmT0yYHGcCioci6j0RryeZq5TAr6zxxA3MXWz65CqlFNuzFkpZKD1cJH9n9gt4i',
  'UNoJakXhuvU2tENRXv+KSkBxVwpWp0j6vDTo637Fd6raX06z8849bYYc/7KpJgFc',
  'JJ9Cl2aNjJ95G2gJWQhITWqUH2aOjGmiRAFPTp881vD1MY2FXiZqzjLxEOUClIfq',
];
const CERTIFICATE_BODY = [
  'MIIDdVBQQtqM2lY9lpNtBhl5TwR8lKKoDWRw4u/+b9M8fMTnJTLV5csNNDWOE/RZ',
  'S1mJNKPIaSJ+kQ6JDbtnT2xZ0RRC4qoLjp2x8eJ1STREyYKDm522UEoo1EwDErsv',
  '3NShdRXksJnPzJHOAWexpmCXx630pWdB5PhOSsgg+H1LfjSoaaCK1ruFoxggolCA',
  '+zQUaHxEkKlkwf9Lc4QCoQfPKR/d4qVlvtmTk75CEGEYJ5G+kFnurMiZAzetuUEb',
];

/** Defines the rule for one PEM label; `min` is the shortest real body of that kind, in base64 characters. */
function pemRule(rule: { id: string; title: string; label: string; min: number; docs: string; truePositives: readonly string[]; falsePositives: readonly string[] }): SecretRule {
  return defineSecretRule({
    id: rule.id,
    title: rule.title,
    docs: rule.docs,
    keywords: [`begin ${rule.label.toLowerCase()}`],
    pattern: pemBlock(rule.label, rule.label),
    multiline: true,
    entropy: 4.5,
    validate: bodyAtLeast(rule.min),
    samples: { truePositives: rule.truePositives, falsePositives: rule.falsePositives },
  });
}

/** The near misses every key rule shares: its label in code, a truncated example, a placeholder. */
function nearMisses(label: string): string[] {
  return [
    `if (pem.startsWith('-----BEGIN ${label}-----')) return 'pem';`,
    `-----BEGIN ${label}-----\n...\n-----END ${label}-----\n`,
    `KEY="-----BEGIN ${label}-----\\n<paste the key here>\\n-----END ${label}-----\\n"`,
  ];
}

export const privateKeyRsa = pemRule({
  id: 'private-key-rsa',
  title: 'RSA private key (PKCS#1)',
  label: 'RSA PRIVATE KEY',
  // RSA-512, the smallest key anyone generates, is ~430 characters; 1024 bits, ~810.
  min: 400,
  docs: 'https://www.rfc-editor.org/rfc/rfc8017#appendix-A.1.2',
  truePositives: [
    pemFile('RSA PRIVATE KEY', RSA_BODY),
    sample('ssh_key: |\n', pemIndented('RSA PRIVATE KEY', RSA_BODY, '  ')),
    sample('DEPLOY_KEY="', pemEscaped('RSA PRIVATE KEY', RSA_BODY), '"'),
    pemFile('RSA PRIVATE KEY', RSA_BODY, 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,5B1E3E9A0C4D7F2218A6C0B3E4F19D27\n\n'),
  ],
  falsePositives: [
    ...nearMisses('RSA PRIVATE KEY'),
    sample('-----BEGIN RSA PUBLIC KEY-----\n', PUBLIC_KEY_BODY.join('\n'), '\n-----END RSA PUBLIC KEY-----\n'),
    // Three lines pasted into a bug report: shorter than any RSA key.
    sample('-----BEGIN RSA PRIVATE KEY-----\n', RSA_BODY.slice(0, 3).join('\n'), '\n-----END RSA PRIVATE KEY-----\n'),
  ],
});

export const privateKeyEc = pemRule({
  id: 'private-key-ec',
  title: 'EC private key (SEC 1)',
  label: 'EC PRIVATE KEY',
  // P-256 with its parameters and public key is 164 characters; without them, 52 (rare).
  min: 60,
  docs: 'https://www.rfc-editor.org/rfc/rfc5915',
  truePositives: [
    pemFile('EC PRIVATE KEY', EC_BODY),
    sample('{"signing_key": "', pemEscaped('EC PRIVATE KEY', EC_BODY), '", "alg": "ES256"}'),
    sample('  tls.key: |\n', pemIndented('EC PRIVATE KEY', EC_BODY, '    ')),
  ],
  falsePositives: [
    ...nearMisses('EC PRIVATE KEY'),
    sample('-----BEGIN PUBLIC KEY-----\n', PUBLIC_KEY_BODY.slice(0, 2).join('\n'), '\n-----END PUBLIC KEY-----\n'),
    '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n',
  ],
});

export const privateKeyOpenssh = pemRule({
  id: 'private-key-openssh',
  title: 'OpenSSH private key',
  label: 'OPENSSH PRIVATE KEY',
  // An Ed25519 key, the smallest, is ~400 characters.
  min: 200,
  docs: 'https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key',
  truePositives: [
    pemFile('OPENSSH PRIVATE KEY', OPENSSH_BODY),
    sample('SSH_PRIVATE_KEY="', pemEscaped('OPENSSH PRIVATE KEY', OPENSSH_BODY), '"'),
    sample('cat > ~/.ssh/id_ed25519 <<EOF\n', pemFile('OPENSSH PRIVATE KEY', OPENSSH_BODY), 'EOF\n'),
  ],
  falsePositives: [
    ...nearMisses('OPENSSH PRIVATE KEY'),
    sample('ssh-ed25519 ', 'AAAAC3NzaC1lZDI1NTE5AAAAIE8s0bZ5v3Yy0dQ6mJx1kR3qW9tF2hL7nC4pV8sA6uG1', ' deploy@ci'),
  ],
});

export const privateKeyPkcs8 = defineSecretRule({
  id: 'private-key-pkcs8',
  title: 'Private key (PKCS#8)',
  docs: 'https://www.rfc-editor.org/rfc/rfc5958',
  keywords: ['begin private key', 'begin encrypted private key'],
  // A key inside a Google service-account key file is the `google-service-account-key` rule's.
  pattern: pemBlock(PKCS8_BEGIN, PKCS8_END, `(?!${SERVICE_ACCOUNT_TAIL})`),
  multiline: true,
  entropy: 4.5,
  // An Ed25519 key is 64 characters, the shortest.
  validate: bodyAtLeast(60),
  samples: {
    truePositives: [
      pemFile('PRIVATE KEY', PKCS8_BODY),
      sample('APP_SIGNING_KEY="', pemEscaped('PRIVATE KEY', ED25519_BODY), '"'),
      sample('  key: |\n', pemIndented('ENCRYPTED PRIVATE KEY', ENCRYPTED_BODY, '    ')),
      sample('{\n  "account": "acme-etl",\n  "private_key": "', pemEscaped('PRIVATE KEY', PKCS8_BODY), '",\n  "warehouse": "ANALYTICS"\n}\n'),
    ],
    falsePositives: [
      ...nearMisses('PRIVATE KEY'),
      sample('-----BEGIN PUBLIC KEY-----\n', PUBLIC_KEY_BODY.join('\n'), '\n-----END PUBLIC KEY-----\n'),
      sample('-----BEGIN CERTIFICATE-----\n', CERTIFICATE_BODY.join('\n'), '\n-----END CERTIFICATE-----\n'),
      'const body = pem.replace(/-----BEGIN PRIVATE KEY-----|-----END PRIVATE KEY-----|\\s/g, "");',
    ],
  },
});

export const privateKeyPgp = pemRule({
  id: 'private-key-pgp',
  title: 'PGP private key block',
  label: 'PGP PRIVATE KEY BLOCK',
  min: 200,
  docs: 'https://www.rfc-editor.org/rfc/rfc4880#section-6.2',
  truePositives: [
    pemFile('PGP PRIVATE KEY BLOCK', PGP_BODY, '\n'),
    pemFile('PGP PRIVATE KEY BLOCK', PGP_BODY, 'Comment: release signing key\n\n'),
    sample('GPG_PRIVATE_KEY="', pemEscaped('PGP PRIVATE KEY BLOCK', PGP_BODY), '"'),
  ],
  falsePositives: [
    ...nearMisses('PGP PRIVATE KEY BLOCK'),
    sample('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n', PGP_BODY.join('\n'), '\n-----END PGP PUBLIC KEY BLOCK-----\n'),
  ],
});

export const privateKeyDsa = pemRule({
  id: 'private-key-dsa',
  title: 'DSA private key',
  label: 'DSA PRIVATE KEY',
  // DSA-1024 is ~590 characters.
  min: 300,
  docs: 'https://www.rfc-editor.org/rfc/rfc3279#section-2.3.2',
  truePositives: [
    pemFile('DSA PRIVATE KEY', DSA_BODY),
    sample('legacy_host_key: "', pemEscaped('DSA PRIVATE KEY', DSA_BODY), '"'),
    sample('ssh_host_dsa_key: |\n', pemIndented('DSA PRIVATE KEY', DSA_BODY, '  ')),
  ],
  falsePositives: [...nearMisses('DSA PRIVATE KEY'), 'ssh-keygen -t dsa -f /etc/ssh/ssh_host_dsa_key  # writes -----BEGIN DSA PRIVATE KEY-----'],
});

export const privateKeyRules = [privateKeyRsa, privateKeyEc, privateKeyOpenssh, privateKeyPkcs8, privateKeyPgp, privateKeyDsa] as const;
