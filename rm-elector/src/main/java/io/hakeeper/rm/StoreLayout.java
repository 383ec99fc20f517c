package io.hakeeper.rm;

import java.util.List;

/**
 * ZKRMStateStore's znode paths (layouts.md §2.2, §2.3), so YARN's own tools read what we write: the store root
 * {@code <parent>/ZKRMStateRoot} and, under it, the version and epoch nodes, the applications (flat, or split into
 * HIERARCHIES/1..4 by the last N characters of the id), the delegation-token secret manager, the AMRM token state,
 * the reservation system and the proxy CA.
 */
public record StoreLayout(String parent) {
    public static final String DEFAULT_PARENT = "/rmstore";
    static final String APP_PREFIX = "application_";
    static final String ATTEMPT_PREFIX = "appattempt_";
    static final String KEY_PREFIX = "DelegationKey_";
    static final String TOKEN_PREFIX = "RMDelegationToken_";
    public static final int MAX_SPLIT = 4;

    public StoreLayout {
        if (!parent.startsWith("/") || (parent.length() > 1 && parent.endsWith("/"))) {
            throw new IllegalArgumentException("the store parent must be an absolute znode path, got '" + parent + "'");
        }
    }

    public String root() {
        return (parent.equals("/") ? "" : parent) + "/ZKRMStateRoot";
    }

    public String version() {
        return root() + "/RMVersionNode";
    }

    public String epoch() {
        return root() + "/EpochNode";
    }

    public String appRoot() {
        return root() + "/RMAppRoot";
    }

    /** The directory of split index N (1..4); 0 is the application root itself. */
    public String appDir(int split) {
        return split == 0 ? appRoot() : appRoot() + "/HIERARCHIES/" + split;
    }

    public String secretManagerRoot() {
        return root() + "/RMDTSecretManagerRoot";
    }

    public String masterKeysRoot() {
        return secretManagerRoot() + "/RMDTMasterKeysRoot";
    }

    public String tokensRoot() {
        return secretManagerRoot() + "/RMDelegationTokensRoot";
    }

    public String tokenDir(int split) {
        return split == 0 ? tokensRoot() : tokensRoot() + "/" + split;
    }

    public String sequenceNumber() {
        return secretManagerRoot() + "/RMDTSequentialNumber";
    }

    public String amrmTokenRoot() {
        return root() + "/AMRMTokenSecretManagerRoot";
    }

    /** Every directory the store creates when it opens, parents first (YARN's startInternal). */
    public List<String> directories() {
        return List.of(root(), appRoot(), appRoot() + "/HIERARCHIES", appDir(1), appDir(2), appDir(3), appDir(4),
                secretManagerRoot(), masterKeysRoot(), tokensRoot(), tokenDir(1), tokenDir(2), tokenDir(3), tokenDir(4),
                amrmTokenRoot(), root() + "/ReservationSystemRoot", root() + "/ProxyCARoot");
    }

    /** Where an application lives under split index N: {@code RMAppRoot/<id>} or {@code HIERARCHIES/N/<id minus N>/<last N>}. */
    public String appPath(String appId, int split) {
        return split == 0 ? appRoot() + "/" + appId : splitPath(appDir(split), appId, split);
    }

    /** The parent a split application needs ({@code HIERARCHIES/N/<id minus N>}); null at split 0. */
    public String appParent(String appId, int split) {
        return split == 0 ? null : appDir(split) + "/" + appId.substring(0, appId.length() - split);
    }

    public String masterKeyPath(int keyId) {
        return masterKeysRoot() + "/" + KEY_PREFIX + keyId;
    }

    /** Token node name: {@code RMDelegationToken_<seq>}; under a split index the number is padded to 4 digits first. */
    public String tokenPath(int sequence, int split) {
        if (split == 0) {
            return tokensRoot() + "/" + TOKEN_PREFIX + sequence;
        }
        return splitPath(tokenDir(split), TOKEN_PREFIX + String.format("%04d", sequence), split);
    }

    public String tokenParent(int sequence, int split) {
        String name = TOKEN_PREFIX + String.format("%04d", sequence);
        return split == 0 ? null : tokenDir(split) + "/" + name.substring(0, name.length() - split);
    }

    private static String splitPath(String dir, String name, int split) {
        return dir + "/" + name.substring(0, name.length() - split) + "/" + name.substring(name.length() - split);
    }
}
