package io.pacer.discovery.zk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.discovery.view.AppEndpoints;
import io.pacer.discovery.view.EndpointView;
import io.pacer.discovery.view.ViewJson;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The znodes under the output's path, brought to each view with as few writes as it takes: one persistent znode per
 * app, named by {@link #nameOf}, holding the app's JSON (as in the endpoints file) and when it was {@code updated}; the
 * path's own data is the view's {@code live}/{@code lostSince}. A changed app is set in place, so that watchers get
 * NodeDataChanged on the znode they watch; an app that went is deleted; an unchanged one is not written. What the
 * znodes hold is read once, and again after any failure, so that a restarted discovery reconciles what an earlier
 * one left.
 */
final class AppZnodes {
    private static final Logger LOG = LoggerFactory.getLogger(AppZnodes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPDATED = "updated";
    /**
     * ZooKeeper drops the connection of a client that sends more than jute.maxbuffer (1 MiB - 1 byte by default); the
     * margin is for the rest of the request. Such an app is left as it was rather than failing every other app's write.
     */
    static final int MAX_DATA_BYTES = 1024 * 1024 - 16 * 1024;

    private final CuratorFramework client;
    private final String path;
    /** Each app znode's JSON without its {@code updated} time, by name, as last read or written; empty when unknown. */
    private Optional<Map<String, JsonNode>> known = Optional.empty();
    private JsonNode knownStatus = MissingNode.getInstance();

    AppZnodes(CuratorFramework client, String path) {
        this.client = client;
        this.path = path;
    }

    /**
     * The name of an app's znode: its id without the leading {@code /}, each further {@code /} written {@code _}
     * ({@code /shop/web} → {@code shop_web}). No app id has a {@code _}, so the name reads back to one id.
     */
    static String nameOf(String appId) {
        return appId.substring(1).replace('/', '_');
    }

    /** Brings the znodes to {@code view}; on any failure the next call reads them again before writing. */
    void write(EndpointView view, Instant now) throws Exception {
        try {
            Map<String, JsonNode> before = known.isPresent() ? known.get() : readAll();
            known = Optional.of(before);
            Set<String> wanted = new HashSet<>();
            for (AppEndpoints app : view.apps().values()) {
                wanted.add(nameOf(app.appId()));
                writeApp(app, before, now);
            }
            for (String gone : before.keySet().stream().filter(name -> !wanted.contains(name)).toList()) {
                client.delete().quietly().deletingChildrenIfNeeded().forPath(ZKPaths.makePath(path, gone));
                before.remove(gone);
            }
            // last, so that "live" is never written before the apps it vouches for
            JsonNode status = ViewJson.status(view);
            if (!status.equals(knownStatus)) {
                client.setData().forPath(path, JSON.writeValueAsBytes(status));
                knownStatus = status;
            }
        } catch (Exception e) {
            known = Optional.empty();
            throw e;
        }
    }

    private void writeApp(AppEndpoints app, Map<String, JsonNode> before, Instant now) throws Exception {
        String name = nameOf(app.appId());
        ObjectNode content = ViewJson.app(app);
        if (content.equals(before.get(name))) {
            return;
        }
        byte[] data = JSON.writeValueAsBytes(content.deepCopy().put(UPDATED, now.toString()));
        if (data.length > MAX_DATA_BYTES) {
            LOG.error("App {} left as it was in ZooKeeper: its {} bytes of endpoints are over the {} a znode takes", app.appId(),
                    data.length, MAX_DATA_BYTES);
            return;
        }
        String znode = ZKPaths.makePath(path, name);
        if (before.containsKey(name)) {
            client.setData().forPath(znode, data);
        } else {
            client.create().orSetData().forPath(znode, data);
        }
        before.put(name, content);
    }

    private Map<String, JsonNode> readAll() throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(path, new byte[0]);
        } catch (KeeperException.NodeExistsException e) {
            // written before, by this discovery or an earlier one
        }
        knownStatus = parse(client.getData().forPath(path));
        Map<String, JsonNode> apps = new HashMap<>();
        for (String name : client.getChildren().forPath(path)) {
            JsonNode app = parse(client.getData().forPath(ZKPaths.makePath(path, name)));
            if (app instanceof ObjectNode object) {
                object.remove(UPDATED);
            }
            apps.put(name, app);
        }
        return apps;
    }

    /** Data that is not JSON reads as missing, so that it is written over. */
    private static JsonNode parse(byte[] data) {
        try {
            JsonNode node = JSON.readTree(data);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
