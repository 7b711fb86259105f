package a3c.engine.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import a3c.atari.Screen;

/** An animated GIF, frame by frame, with the JDK's own GIF encoder; written to a temporary file and renamed. */
public final class GifWriter implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final ImageOutputStream stream;
    private final ImageWriter writer;
    private final int delayCentis;
    private boolean first = true;

    /**
     * Appends the screen's current picture as the next frame; {@code rgb} is the caller's buffer of
     * {@code width * height * 3} bytes. (Here rather than in the play command, so that only this class
     * needs {@code java.desktop}: a runtime without it still trains.)
     */
    public void addRgb(Screen screen, byte[] rgb, int width, int height) throws IOException {
        screen.screenRgb(rgb);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i += 3) {
                img.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
            }
        }
        add(img);
    }

    /** {@code delayCentis}: display time of each frame in hundredths of a second. */
    public GifWriter(Path target, int delayCentis) throws IOException {
        System.setProperty("java.awt.headless", "true");
        this.target = target;
        this.tmp = target.resolveSibling(target.getFileName() + ".tmp");
        this.delayCentis = delayCentis;
        this.writer = ImageIO.getImageWritersByFormatName("gif").next();
        this.stream = ImageIO.createImageOutputStream(tmp.toFile());
        writer.setOutput(stream);
        writer.prepareWriteSequence(null);
    }

    public void add(BufferedImage frame) throws IOException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delayCentis));
        gce.setAttribute("transparentColorIndex", "0");
        if (first) {
            // Loop forever (the NETSCAPE2.0 application extension).
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0});
            apps.appendChild(app);
            first = false;
        }
        meta.setFromTree(format, root);
        writer.writeToSequence(new IIOImage(frame, null, meta), param);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    @Override
    public void close() throws IOException {
        writer.endWriteSequence();
        stream.close();
        writer.dispose();
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
