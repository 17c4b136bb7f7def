using Recurrent.Text;

namespace Recurrent.Data;

/// <summary>
/// Labelled documents from a folder with one subfolder per class (<c>DIR/sport/a.txt</c> is a document of class
/// <c>sport</c>), as many text-classification sets ship. Every <c>*.txt</c> file directly inside a class folder is a
/// document (strict UTF-8, read by <see cref="TextFile"/>), or every file but hidden ones where a class folder has no
/// .txt files (sets that ship files without an extension); deeper folders are ignored; classes and files
/// are in ordinal order. A folder with no class folders, or a class folder with no files, or an empty document, is a
/// one-line error naming it.
/// </summary>
public static class LabelledFolder
{
    public static IReadOnlyList<LabelledDocument> Read(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: no such directory.");
        var classes = Directory.GetDirectories(directory).OrderBy(d => d, StringComparer.Ordinal).ToList();
        if (classes.Count == 0) throw new InvalidDataException($"{directory}: no class folders (expected one subfolder of .txt files per class).");
        var documents = new List<LabelledDocument>();
        foreach (var folder in classes)
        {
            var files = Directory.GetFiles(folder, "*.txt").OrderBy(f => f, StringComparer.Ordinal).ToList();
            // Sets shipped as files without an extension (20 Newsgroups, say): then every file but hidden ones.
            if (files.Count == 0)
                files = Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).OrderBy(f => f, StringComparer.Ordinal).ToList();
            if (files.Count == 0) throw new InvalidDataException($"{folder}: a class folder with no files.");
            foreach (var file in files)
            {
                string text = TextFile.Read(file);
                if (text.Trim().Length == 0) throw new InvalidDataException($"{file}: the document is empty.");
                documents.Add(new LabelledDocument(Path.GetFileName(folder), text, file));
            }
        }
        return documents;
    }
}
