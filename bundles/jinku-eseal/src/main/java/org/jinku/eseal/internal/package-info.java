/** ASN.1 structures of GB/T 38540 and GM/T 0031 on Bouncy Castle's ASN.1 classes. */
package org.jinku.eseal.internal;
