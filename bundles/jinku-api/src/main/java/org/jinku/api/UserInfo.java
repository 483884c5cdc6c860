package org.jinku.api;

import java.util.Set;

/** An operator of a node and the posts (岗位) they may sign; each has a personal certificate. */
public record UserInfo(String userId, Set<Post> posts, String certSerialHex) {
}
