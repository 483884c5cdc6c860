package org.jinku.web.internal.resources;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jinku.api.CertificateView;
import org.jinku.api.Credential;
import org.jinku.api.Direction;
import org.jinku.api.IssuedCertificate;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.ParkedMessage;
import org.jinku.api.RejectCode;
import org.jinku.api.SealState;
import org.jinku.api.SealView;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.web.internal.ApiServer;
import org.jinku.web.internal.FakeSecurity;
import org.jinku.web.internal.security.AccessFilter;
import org.jinku.web.internal.security.Sessions;
import org.jinku.web.rest.ApiResource;

/**
 * Every resource of the bundle over a fake node {@code finance} (and {@code bank105}), the fake security services
 * and real sessions, served by {@link ApiServer}. The node records the calls it gets and fails every call it does
 * not know with a NullPointerException (a fault of ours).
 */
final class Fixture implements AutoCloseable {

    final List<String> calls = new ArrayList<>();
    final FakeSecurity security = new FakeSecurity();
    final Sessions sessions;
    final ApiServer server;

    Fixture() throws Exception {
        this(new Sessions());
    }

    Fixture(Sessions sessions) throws Exception {
        this.sessions = sessions;
        NodeDirectory directory = new NodeDirectory() {
            private final Node finance = fakeNode("finance");
            private final Node bank = fakeNode("bank105");

            @Override
            public List<Node> nodes() {
                return List.of(finance, bank);
            }

            @Override
            public Optional<Node> node(String name) {
                return name.equals("finance") ? Optional.of(finance) : name.equals("bank105") ? Optional.of(bank)
                        : Optional.empty();
            }
        };
        VoucherCatalog catalog = new org.jinku.catalog.internal.CatalogService();
        server = new ApiServer(resources(directory, catalog), new AccessFilter(security, security, security, sessions));
    }

    List<Object> resources(NodeDirectory directory, VoucherCatalog catalog) {
        List<ApiResource> own = List.of(new NodesResource(directory), new NodeResource(directory),
                new TypesResource(catalog), new VouchersResource(directory), new TrustResource(directory),
                new SealsResource(directory), new ParkedResource(directory), new CommandsResource(directory),
                new SessionResource(security, sessions), new AccountsResource(security), new AuditResource(security));
        List<Object> all = new ArrayList<>(own);
        all.add(new OpenApiResource(own, "test"));
        return all;
    }

    /** Every resource class of the bundle. */
    static List<Class<?>> resourceClasses() {
        return List.of(NodesResource.class, NodeResource.class, TypesResource.class, VouchersResource.class,
                TrustResource.class, SealsResource.class, ParkedResource.class, CommandsResource.class,
                SessionResource.class, AccountsResource.class, AuditResource.class, OpenApiResource.class);
    }

    ApiServer.Answer call(String user, String method, String path, String body, String... headers) throws Exception {
        return server.call(user, method, path, body, headers);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    private Node fakeNode(String name) {
        return (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "name":
                            return name;
                        case "toString":
                            return "node " + name;
                        case "hashCode":
                            return name.hashCode();
                        case "equals":
                            return proxy == args[0];
                        case "role":
                            return org.jinku.api.PartyRole.values()[0];
                        case "address":
                            return "jms://" + name;
                        case "users":
                            return List.of();
                        case "statusCounts":
                            return Map.of();
                        case "list":
                            return List.of(view(VoucherKey.parse("210000/2026/5201/EX-1")));
                        case "find":
                            return Optional.of(view((VoucherKey) args[0]));
                        case "accept":
                        case "voidVoucher":
                            calls.add(method.getName() + " " + args[0] + " " + args[1]);
                            return view((VoucherKey) args[0]);
                        case "submit":
                            throw new NullPointerException("secret internal detail in submit");
                        case "parked":
                            return List.of(new ParkedMessage("ID:p-1", "VOUCHER", "bank", "m1", Instant.EPOCH, 6,
                                    "java.lang.IllegalStateException: boom", 42));
                        case "retryParked":
                        case "discardParked":
                            calls.add(method.getName() + " " + args[0] + " " + args[1]);
                            if (!"ID:p-1".equals(args[0])) {
                                throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "no parked message " + args[0]);
                            }
                            return null;
                        case "sign":
                            calls.add("sign " + args[0] + " " + args[1] + " " + args[2]);
                            if (!"110111".equals(args[2])) {
                                throw new JinkuException(RejectCode.WRONG_PIN, "wrong PIN for the key container of " + args[1]);
                            }
                            return view((VoucherKey) args[0]);
                        case "stamp":
                            calls.add("stamp " + args[0] + " " + args[1] + " " + args[2] + " " + args[3]);
                            if ("9".equals(args[3])) {
                                throw new JinkuException(RejectCode.KEY_LOCKED, "the key container of " + args[2] + " is locked");
                            }
                            if ("ds_qz".equals(args[1])) {
                                throw new JinkuException(RejectCode.SEAL_UNREGISTERED, "bank105 has not acknowledged ES-1");
                            }
                            return view((VoucherKey) args[0]);
                        case "cancelStamp":
                            calls.add("cancelStamp " + args[0] + " " + args[1] + " " + args[2]);
                            return view((VoucherKey) args[0]);
                        case "stamps":
                            return (Integer) args[1] == 0 ? Map.of("yh_qz", "ES-1") : Map.of();
                        case "certificates":
                            return List.of(new CertificateView("lr01", "finance/lr01", "1A2B", "CN=lr01@finance,O=finance",
                                    Instant.parse("2027-01-01T00:00:00Z"), 38, false, "expires in 38 days: renew it"));
                        case "reportLost":
                            calls.add("reportLost " + args[0] + " " + args[1]);
                            return new IssuedCertificate(java.math.BigInteger.valueOf(0x1A2B), "CN=lr01@finance,O=finance",
                                    Credential.Kind.PERSON, Instant.EPOCH, Instant.parse("2027-01-01T00:00:00Z"),
                                    Instant.parse("2026-11-24T00:00:00Z"), "keyCompromise", (String) args[1]);
                        case "crls":
                            return Map.of("CN=Jinku Box CA", "number 3, 1 revoked, made here");
                        case "publishCrl":
                            calls.add("publishCrl " + args[0]);
                            return null;
                        case "seals":
                            return List.of(seal("ES-1", SealState.ACTIVE));
                        case "applySeal":
                            calls.add("applySeal " + args[0] + " " + args[1] + " " + ((byte[]) args[2]).length + " " + args[3]);
                            return seal("ES-2", SealState.APPLIED);
                        case "approveSeal":
                        case "makeSeal":
                        case "registerSeal":
                            calls.add(method.getName() + " " + args[0] + " " + args[1]);
                            return seal((String) args[0], method.getName().equals("approveSeal") ? SealState.APPROVED
                                    : method.getName().equals("makeSeal") ? SealState.MADE : SealState.ACTIVE);
                        case "changeSeal":
                            calls.add("changeSeal " + args[0] + " " + ((byte[]) args[1]).length + " " + args[2]);
                            return seal("ES-3", SealState.APPLIED);
                        case "revokeSeal":
                            calls.add("revokeSeal " + args[0] + " " + args[1] + " " + args[2]);
                            if (!"ES-1".equals(args[0])) {
                                throw new JinkuException(RejectCode.SEAL_REVOKED, args[0] + " is revoked already");
                            }
                            return seal("ES-1", SealState.REVOKED);
                        case "commands":
                            return List.of("clearing-request");
                        case "runCommand":
                            calls.add("runCommand " + args[0] + " " + args[1]);
                            return "done";
                        default:
                            throw new NullPointerException("secret internal detail in " + method.getName());
                    }
                });
    }

    static VoucherView view(VoucherKey key) {
        return new VoucherView(key, 0, Direction.OUT, "bank105", VoucherState.SIGNING, Map.of(), List.of(), "1.00", null,
                "d", Instant.EPOCH, Instant.EPOCH);
    }

    private static SealView seal(String id, SealState state) {
        return new SealView(id, "财政局国库支付专用章", "cz_qz", "finance", state, 1, "lr01",
                state == SealState.APPLIED ? null : "sh01", null, Instant.parse("2029-01-01T00:00:00Z"), null,
                Map.of("bank105", "ACKNOWLEDGED"), List.of("APPLIED by lr01"), null);
    }
}
