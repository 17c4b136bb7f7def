using System.Text;

namespace Recurrent.Text;

/// <summary>Reads a UTF-8 text file for training, refusing what is not one with a one-line reason naming the file.</summary>
public static class TextFile
{
    public static string Read(string path)
    {
        if (Directory.Exists(path)) throw new InvalidDataException($"{path}: is a directory, not a text file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new InvalidDataException($"{path}: the file is empty.");
        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0) throw new InvalidDataException($"{path}: looks like a binary file (NUL byte at offset {nul}), not text.");
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            var text = strict.GetString(bytes);
            text = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
            return text.Length > 0 ? text : throw new InvalidDataException($"{path}: the file holds only a byte-order mark.");
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: not valid UTF-8 (invalid byte sequence at offset {e.Index}).");
        }
    }
}
