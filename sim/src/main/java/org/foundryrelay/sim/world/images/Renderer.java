package org.foundryrelay.sim.world.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import org.foundryrelay.sim.world.canvas.Scenes;

/** Draws what the module's screenshots capture, with the JDK's imaging: a scene's canvas and an actor sheet. */
final class Renderer {
    private static final String[] ABILITIES = {"str", "dex", "con", "int", "wis", "cha"};

    private Renderer() {}

    /** An encoded image. */
    record Encoded(byte[] bytes, String mimeType, int width, int height) {
        String dataUrl() {
            return "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes);
        }
    }

    /** The scene's background, grid (unless hidden) and tokens, scaled to {@code width} x {@code height}. */
    static BufferedImage scene(JsonNode scene, int width, int height, boolean grid, boolean withTokens) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(color(scene.path("backgroundColor").asText("#999999")));
            g.fillRect(0, 0, width, height);
            double sx = width / scene.path("width").asDouble(width);
            double sy = height / scene.path("height").asDouble(height);
            double size = scene.path("grid").path("size").asDouble(100);
            if (grid) {
                g.setColor(new Color(0, 0, 0, 70));
                for (double x = 0; x * sx < width; x += size) g.drawLine((int) (x * sx), 0, (int) (x * sx), height);
                for (double y = 0; y * sy < height; y += size) g.drawLine(0, (int) (y * sy), width, (int) (y * sy));
            }
            if (!withTokens) return image;
            g.setStroke(new BasicStroke(2));
            for (var t : Scenes.embedded(scene, "tokens")) {
                if (t.path("hidden").asBoolean(false)) continue;
                int x = (int) (t.path("x").asDouble() * sx), y = (int) (t.path("y").asDouble() * sy);
                int w = (int) Math.max(4, t.path("width").asDouble(1) * size * sx);
                int h = (int) Math.max(4, t.path("height").asDouble(1) * size * sy);
                int disposition = t.path("disposition").asInt(0);
                g.setColor(disposition > 0 ? new Color(0x2e7dd7) : disposition < 0 ? new Color(0xc23b22) : new Color(0xe0c020));
                g.fillOval(x, y, w, h);
                g.setColor(Color.WHITE);
                g.drawOval(x, y, w, h);
                text(g, initials(t.path("name").asText("")), x + w / 4, y + h / 2 + 4, Math.max(8, h / 3));
            }
            return image;
        } finally {
            g.dispose();
        }
    }

    /** An actor sheet: name, type, hit points, armour class, level and the six abilities. */
    static BufferedImage sheet(JsonNode actor, double scale) {
        int width = (int) Math.round(480 * scale), height = (int) Math.round(320 * scale);
        var image = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(scale, scale);
            g.setColor(new Color(0xf3ead8));
            g.fillRect(0, 0, 480, 320);
            g.setColor(new Color(0x7a1f1f));
            g.fillRect(0, 0, 480, 56);
            g.setColor(Color.WHITE);
            text(g, actor.path("name").asText(""), 16, 38, 24);
            var system = actor.path("system");
            var attrs = system.path("attributes");
            g.setColor(Color.BLACK);
            text(g, "HP " + attrs.path("hp").path("value").asInt() + " / " + attrs.path("hp").path("max").asInt(), 16, 90, 18);
            text(g, "AC " + attrs.path("ac").path("value").asInt(), 200, 90, 18);
            text(g, actor.path("type").asText("") + (system.path("details").has("level")
                    ? " · level " + system.path("details").path("level").asInt() : ""), 300, 90, 16);
            for (int i = 0; i < ABILITIES.length; i++) {
                int x = 16 + i * 76;
                g.setColor(new Color(0xd9c9a3));
                g.fillRoundRect(x, 120, 68, 90, 10, 10);
                g.setColor(Color.BLACK);
                int value = system.path("abilities").path(ABILITIES[i]).path("value").asInt(10);
                text(g, ABILITIES[i].toUpperCase(java.util.Locale.ROOT), x + 18, 142, 14);
                text(g, Integer.toString(value), x + 20, 176, 22);
                int mod = Math.floorDiv(value - 10, 2);
                text(g, (mod >= 0 ? "+" : "") + mod, x + 24, 200, 14);
            }
            return image;
        } finally {
            g.dispose();
        }
    }

    /** PNG, or JPEG at {@code quality} (0..1). */
    static Encoded encode(BufferedImage image, boolean jpeg, double quality) {
        var out = new ByteArrayOutputStream();
        try {
            if (jpeg) {
                Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
                var writer = writers.next();
                var param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality((float) Math.clamp(quality, 0.0, 1.0));
                try (var ios = ImageIO.createImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(image, null, null), param);
                } finally {
                    writer.dispose();
                }
            } else {
                ImageIO.write(image, "png", out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Encoded(out.toByteArray(), jpeg ? "image/jpeg" : "image/png", image.getWidth(), image.getHeight());
    }

    private static void text(Graphics2D g, String s, int x, int y, int size) {
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            g.drawString(s, x, y);
        } catch (RuntimeException | InternalError e) {
            // a machine without fonts still gets the shapes
        }
    }

    private static String initials(String name) {
        var sb = new StringBuilder();
        for (var w : name.split("\\s+")) if (!w.isEmpty() && sb.length() < 2) sb.append(w.charAt(0));
        return sb.toString();
    }

    private static Color color(String hex) {
        try {
            return Color.decode(hex);
        } catch (NumberFormatException e) {
            return Color.GRAY;
        }
    }
}
