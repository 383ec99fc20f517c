package io.hakeeper.zkfc.hadoop;

import io.hakeeper.core.http.AdminServer.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.ServiceFailedException;
import org.apache.hadoop.ha.ZKFCProtocol;
import org.apache.hadoop.ha.proto.ZKFCProtocolProtos.ZKFCProtocolService;
import org.apache.hadoop.ha.protocolPB.ZKFCProtocolPB;
import org.apache.hadoop.ha.protocolPB.ZKFCProtocolServerSideTranslatorPB;
import org.apache.hadoop.ipc.ProtobufRpcEngine2;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.authorize.AccessControlList;
import org.apache.hadoop.security.authorize.PolicyProvider;
import org.apache.hadoop.security.authorize.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's {@code ZKFCProtocol} server on {@code dfs.ha.zkfc.port}, what Hadoop's {@code hdfs haadmin
 * -failover} and Hadoop's own ZKFCs call: {@code gracefulFailover} (make the local master active, gracefully) and
 * {@code cedeActive} (step aside for a while). Callers are checked as Hadoop's DFSZKFailoverController checks them:
 * the controller's own user, or a member of {@code dfs.cluster.administrators}; with
 * {@code hadoop.security.authorization} on, {@code security.zkfc.protocol.acl} applies too.
 */
public final class ZkfcRpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZkfcRpcServer.class);
    private static final int HANDLERS = 3; // as Hadoop's: a failover is a rare, serial request

    /** What the controller does for each call; a non-2xx response fails the call with its text. */
    public interface Actions {
        Response cede(long millis);

        Response gracefulFailover();
    }

    private final Configuration conf;
    private final InetSocketAddress bind;
    private final Actions actions;
    private RPC.Server server;
    private boolean closed;

    public ZkfcRpcServer(Configuration conf, InetSocketAddress bind, Actions actions) {
        this.conf = new Configuration(conf);
        this.bind = bind;
        this.actions = actions;
    }

    public synchronized void start() throws IOException {
        RPC.setProtocolEngine(conf, ZKFCProtocolPB.class, ProtobufRpcEngine2.class);
        AccessControlList admins = new AccessControlList(conf.get("dfs.cluster.administrators", " "));
        var service = ZKFCProtocolService.newReflectiveBlockingService(
                new ZKFCProtocolServerSideTranslatorPB(new Handler(admins)));
        server = new RPC.Builder(conf).setProtocol(ZKFCProtocolPB.class).setInstance(service)
                .setBindAddress(bind.getHostString()).setPort(bind.getPort()).setNumHandlers(HANDLERS)
                .setVerbose(false).build();
        if (conf.getBoolean("hadoop.security.authorization", false)) {
            server.refreshServiceAcl(conf, new PolicyProvider() {
                @Override
                public Service[] getServices() {
                    return new Service[] {new Service("security.zkfc.protocol.acl", ZKFCProtocol.class)};
                }
            });
        }
        server.start();
        LOG.info("ZKFCProtocol server listening on {}", server.getListenerAddress());
    }

    public synchronized InetSocketAddress address() {
        return server.getListenerAddress();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop();
        }
    }

    private final class Handler implements ZKFCProtocol {
        private final AccessControlList admins;

        Handler(AccessControlList admins) {
            this.admins = admins;
        }

        @Override
        public void cedeActive(int millisToCede) throws IOException {
            checkAdmin("cedeActive");
            answer(actions.cede(millisToCede));
        }

        @Override
        public void gracefulFailover() throws IOException {
            checkAdmin("gracefulFailover");
            answer(actions.gracefulFailover());
        }

        private void checkAdmin(String call) throws IOException {
            UserGroupInformation caller = UserGroupInformation.getCurrentUser();
            UserGroupInformation self = UserGroupInformation.getLoginUser();
            if (admins.isUserAllowed(caller) || caller.getShortUserName().equals(self.getShortUserName())) {
                LOG.info("{} from {} at {}", call, caller, Server.getRemoteAddress());
                return;
            }
            String msg = "Disallowed RPC access from " + caller + " at " + Server.getRemoteAddress()
                    + ". Not listed in dfs.cluster.administrators";
            LOG.warn(msg);
            throw new AccessControlException(msg);
        }

        private void answer(Response r) throws ServiceFailedException {
            if (r.status() / 100 != 2) {
                throw new ServiceFailedException(r.body().trim());
            }
        }
    }
}
